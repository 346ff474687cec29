using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LambdaSuite.DeployRehearsal;

/// <summary>One metric a dashboard widget draws, its "." shorthand filled in from the entry before.</summary>
internal sealed record DashboardMetric(string Widget, string Namespace, string Name, IReadOnlyDictionary<string, string> Dimensions);

/// <summary>
/// A CloudWatch DashboardBody read as CloudWatch's "Dashboard Body Structure and Syntax" describes it
/// (API Reference, read 2026-12): a JSON object with a widgets array; each widget a type, a place on
/// the 24-column grid and its properties; a metric widget's metrics array of
/// [namespace, name, dimension name, value, ..., rendering options] entries (or one expression),
/// where "." repeats the entry before; an alarm widget's 1-100 alarm ARNs. Whatever does not fit is
/// a problem naming the widget; what fits is kept for the checks that need the stack.
/// </summary>
internal sealed partial class DashboardBody
{
    private static readonly string[] WidgetTypes = ["metric", "text", "log", "alarm", "explorer"];
    private static readonly string[] TopKeys = ["widgets", "variables", "start", "end", "periodOverride"];
    private static readonly string[] WidgetKeys = ["type", "x", "y", "width", "height", "properties"];
    private static readonly string[] MetricKeys = ["accountId", "annotations", "liveData", "legend", "metrics", "period", "region", "sparkline", "stacked", "stat", "table", "timezone", "title", "view", "yAxis"];
    private static readonly string[] RenderKeys = ["accountId", "color", "id", "label", "period", "region", "stat", "visible", "yAxis"];
    private static readonly string[] ExpressionKeys = ["expression", "id", "label", "period", "region", "accountId", "color", "visible", "yAxis"];
    private static readonly string[] AlarmKeys = ["alarms", "sortBy", "states", "title"];
    private static readonly string[] Views = ["timeSeries", "singleValue", "gauge", "bar", "pie", "table"];

    private readonly List<string> _problems = [];

    private readonly record struct Place(string Name, int X, int Y, int Width, int Height);

    private DashboardBody()
    {
    }

    public IReadOnlyList<string> Problems => _problems;

    public int Widgets { get; private set; }

    public List<DashboardMetric> Metrics { get; } = [];

    /// <summary>Alarm ARNs of alarm widgets and alarm annotations, with the widget naming each.</summary>
    public List<(string Widget, string Arn)> Alarms { get; } = [];

    /// <summary>The region of each metric widget.</summary>
    public List<(string Widget, string Region)> Regions { get; } = [];

    public static DashboardBody Parse(string text)
    {
        var body = new DashboardBody();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            body._problems.Add($"not JSON: {e.Message}");
            return body;
        }

        if (root is not JsonObject top || top["widgets"] is not JsonArray widgets)
        {
            body._problems.Add("not an object with a widgets array");
            return body;
        }

        body.Unknown(top, TopKeys, "the body");
        if (top["periodOverride"] is { } periodOverride && (string?)periodOverride is not ("auto" or "inherit"))
        {
            body._problems.Add($"periodOverride {periodOverride.ToJsonString()} is neither auto nor inherit");
        }

        if (widgets.Count > 500)
        {
            body._problems.Add($"{widgets.Count} widgets, more than 500");
        }

        var placed = new List<Place>();
        for (var i = 0; i < widgets.Count; i++)
        {
            body.Widgets++;
            if (body.Widget(widgets[i], i) is { } place)
            {
                foreach (var other in placed.Where(o => o.X < place.X + place.Width && place.X < o.X + o.Width && o.Y < place.Y + place.Height && place.Y < o.Y + o.Height))
                {
                    body._problems.Add($"{place.Name} overlaps {other.Name}");
                }

                placed.Add(place);
            }
        }

        return body;
    }

    private Place? Widget(JsonNode? node, int index)
    {
        var name = $"widget {index}";
        if (node is not JsonObject widget)
        {
            _problems.Add($"{name}: not an object");
            return null;
        }

        var type = (widget["type"] as JsonValue)?.ToString();
        name = $"widget {index} ({type}{(widget["properties"]?["title"] is JsonValue title ? $" \"{title}\"" : string.Empty)})";
        Unknown(widget, WidgetKeys, name);
        if (!WidgetTypes.Contains(type))
        {
            _problems.Add($"{name}: type must be one of {string.Join(", ", WidgetTypes)}");
        }

        var x = Integer(widget, "x", 0, 23, name);
        var y = Integer(widget, "y", 0, int.MaxValue, name);
        var width = Integer(widget, "width", 1, 24, name) ?? 6;
        var height = Integer(widget, "height", 1, 1000, name) ?? 6;
        if ((x is null) != (y is null))
        {
            _problems.Add($"{name}: x and y go together");
        }

        if (x + width > 24)
        {
            _problems.Add($"{name}: x {x} + width {width} is beyond the 24 columns");
        }

        if (widget["properties"] is not JsonObject properties)
        {
            _problems.Add($"{name}: no properties object");
            return null;
        }

        switch (type)
        {
            case "metric":
                MetricWidget(properties, name);
                break;
            case "alarm":
                AlarmWidget(properties, name);
                break;
            case "text" when properties["markdown"] is not JsonValue markdown || markdown.GetValueKind() != JsonValueKind.String:
                _problems.Add($"{name}: a text widget needs markdown");
                break;
        }

        return x is { } left && y is { } top ? new Place(name, left, top, width, height) : null;
    }

    private void MetricWidget(JsonObject properties, string name)
    {
        Unknown(properties, MetricKeys, name);
        if (properties["region"] is JsonValue region && region.GetValueKind() == JsonValueKind.String)
        {
            Regions.Add((name, region.ToString()));
        }
        else
        {
            _problems.Add($"{name}: no region");
        }

        Period(properties["period"], name);
        Stat(properties["stat"], name);
        if (properties["view"] is { } view && !Views.Contains((string?)view))
        {
            _problems.Add($"{name}: view {view.ToJsonString()} must be one of {string.Join(", ", Views)}");
        }

        var annotations = properties["annotations"] as JsonObject;
        var alarms = annotations?["alarms"] as JsonArray;
        foreach (var horizontal in annotations?["horizontal"] as JsonArray ?? [])
        {
            foreach (var line in horizontal is JsonArray band ? [.. band] : new List<JsonNode?> { horizontal })
            {
                if (line?["value"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
                {
                    _problems.Add($"{name}: a horizontal annotation needs a numeric value, got {line?.ToJsonString()}");
                }
            }
        }

        if (alarms is not null)
        {
            if (alarms.Count > 1 || properties["metrics"] is not null || annotations!["horizontal"] is not null || annotations["vertical"] is not null)
            {
                _problems.Add($"{name}: an alarm annotation is one alarm, without metrics or other annotations");
            }

            Alarms.AddRange(alarms.Select(a => (name, (string?)a ?? string.Empty)));
            return;
        }

        if (properties["metrics"] is not JsonArray metrics || metrics.Count == 0)
        {
            _problems.Add($"{name}: no metrics (and no alarm annotation)");
            return;
        }

        string[]? previous = null;
        for (var i = 0; i < metrics.Count; i++)
        {
            previous = Metric(metrics[i], previous, $"{name} metrics[{i}]", name) ?? previous;
        }
    }

    /// <summary>One entry of a metrics array; the entry's strings with "." filled in, or null for an expression or a broken entry.</summary>
    private string[]? Metric(JsonNode? node, string[]? previous, string where, string widget)
    {
        if (node is not JsonArray entry || entry.Count == 0)
        {
            _problems.Add($"{where}: not a non-empty array");
            return null;
        }

        if (entry[0] is JsonObject expression)
        {
            Unknown(expression, ExpressionKeys, where);
            if (entry.Count != 1 || (expression["expression"] as JsonValue)?.GetValueKind() != JsonValueKind.String)
            {
                _problems.Add($"{where}: an expression entry is [{{\"expression\": \"...\"}}]");
            }

            return null;
        }

        var options = entry[^1] as JsonObject;
        var strings = entry.Take(entry.Count - (options is null ? 0 : 1)).ToList();
        if (strings.Any(s => (s as JsonValue)?.GetValueKind() != JsonValueKind.String) || strings.Count < 2 || strings.Count % 2 != 0)
        {
            _problems.Add($"{where}: expected [namespace, metric name, dimension name, value, ..., {{options}}], got {entry.ToJsonString()}");
            return null;
        }

        var filled = new string[strings.Count];
        for (var i = 0; i < strings.Count; i++)
        {
            var text = strings[i]!.ToString();
            filled[i] = text != "." ? text
                : previous is not null && i < previous.Length ? previous[i]
                : Problem($"{where}: \".\" at position {i} has nothing before it to repeat");
            if (filled[i].Length == 0)
            {
                _problems.Add($"{where}: position {i} is empty");
            }
        }

        if (options is not null)
        {
            Unknown(options, RenderKeys, where);
            Period(options["period"], where);
            Stat(options["stat"], where);
            if (options["yAxis"] is { } axis && (string?)axis is not ("left" or "right"))
            {
                _problems.Add($"{where}: yAxis {axis.ToJsonString()} is neither left nor right");
            }

            if (options["id"] is { } id && !IdPattern().IsMatch(id.ToString()))
            {
                _problems.Add($"{where}: id {id.ToJsonString()} must start with a lower-case letter");
            }
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < filled.Length; i += 2)
        {
            if (!dimensions.TryAdd(filled[i], filled[i + 1]))
            {
                _problems.Add($"{where}: dimension {filled[i]} twice");
            }
        }

        Metrics.Add(new DashboardMetric(widget, filled[0], filled[1], dimensions));
        return filled;
    }

    private void AlarmWidget(JsonObject properties, string name)
    {
        Unknown(properties, AlarmKeys, name);
        if (properties["alarms"] is not JsonArray alarms || alarms.Count is < 1 or > 100 || alarms.Any(a => (a as JsonValue)?.GetValueKind() != JsonValueKind.String))
        {
            _problems.Add($"{name}: alarms must be 1-100 alarm ARNs");
            return;
        }

        if (properties["sortBy"] is { } sortBy && (string?)sortBy is not ("default" or "stateUpdatedTimestamp" or "timestamp"))
        {
            _problems.Add($"{name}: sortBy {sortBy.ToJsonString()} must be default, stateUpdatedTimestamp or timestamp");
        }

        if (properties["states"] is { } states && (states is not JsonArray list || list.Any(s => (string?)s is not ("ALARM" or "INSUFFICIENT_DATA" or "OK"))))
        {
            _problems.Add($"{name}: states {states.ToJsonString()} must be a list of ALARM, INSUFFICIENT_DATA, OK");
        }

        foreach (var duplicate in alarms.GroupBy(a => (string)a!).Where(g => g.Count() > 1))
        {
            _problems.Add($"{name}: alarm {duplicate.Key} listed {duplicate.Count()} times");
        }

        Alarms.AddRange(alarms.Select(a => (name, (string)a!)));
    }

    private int? Integer(JsonObject widget, string key, int min, int max, string name)
    {
        if (widget[key] is not { } node)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<int>(out var n) && n >= min && n <= max)
        {
            return n;
        }

        _problems.Add($"{name}: {key} {node.ToJsonString()} must be a whole number from {min}{(max == int.MaxValue ? " up" : $" to {max}")}");
        return null;
    }

    private void Period(JsonNode? period, string where)
    {
        if (period is not null && !(period is JsonValue value && value.TryGetValue<int>(out var seconds) && seconds >= 60 && seconds % 60 == 0))
        {
            _problems.Add($"{where}: period {period.ToJsonString()} must be a multiple of 60 seconds");
        }
    }

    private void Stat(JsonNode? stat, string where)
    {
        if (stat is not null && !StatPattern().IsMatch(stat.ToString()))
        {
            _problems.Add($"{where}: stat {stat.ToJsonString()} is not a CloudWatch statistic");
        }
    }

    private void Unknown(JsonObject node, string[] known, string where)
    {
        foreach (var key in node.Select(p => p.Key).Where(k => !known.Contains(k)))
        {
            _problems.Add($"{where}: unknown property {key}");
        }
    }

    private string Problem(string text)
    {
        _problems.Add(text);
        return string.Empty;
    }

    // The statistics of the Syntax page, and percentiles and their trimmed relatives (p99, tm90, ...).
    [GeneratedRegex(@"^(SampleCount|Average|Sum|Minimum|Maximum|IQM|(p|tm|wm|tc|ts)(100|[0-9]{1,2})(\.[0-9]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex StatPattern();

    [GeneratedRegex("^[a-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
