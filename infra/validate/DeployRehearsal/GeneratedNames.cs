namespace LambdaSuite.DeployRehearsal;

/// <summary>
/// The name CloudFormation gives a resource whose template sets none: the stack name and the logical
/// id, each cut so both fit, a dash, and a 12-character random suffix, at most the type's maximum
/// length. When both parts are too long they get equal shares of the room, so a long logical id
/// shortens the stack name too (this is why environment names are capped: the stack name
/// lambdasuite-&lt;environment&gt; must stay whole in every name, or the execution role's patterns would
/// miss the resource, or match another environment's). Follows the published algorithm of the
/// CloudFormation resource provider SDK (aws-cloudformation/cloudformation-cli-java-plugin,
/// IdentifierUtils.generateResourceIdentifier); the suffix here is fixed, not random.
/// </summary>
internal static class GeneratedNames
{
    public const int SuffixLength = 12;

    public static string For(string stackName, string logicalId, int maxLength, string suffix)
    {
        if (suffix.Length != SuffixLength)
        {
            throw new ArgumentException($"the suffix must have {SuffixLength} characters", nameof(suffix));
        }

        var stack = CollapseDashes(stackName.TrimStart('-'));
        var separate = maxLength > 17;
        var room = maxLength - (SuffixLength + 1) - (separate ? 1 : 0);
        var (forStack, forId) = FairSplit(room, stack.Length, logicalId.Length);
        var prefix = stack[..forStack] + (separate ? "-" : string.Empty) + logicalId[..forId];
        return prefix[..Math.Min(prefix.Length, maxLength - (SuffixLength + 1))] + "-" + suffix;
    }

    /// <summary>Hands out <paramref name="room"/> in rounds of equal shares until both wants are met or nothing is left.</summary>
    internal static (int First, int Second) FairSplit(int room, int firstWants, int secondWants)
    {
        int[] wants = [firstWants, secondWants];
        int[] given = [0, 0];
        while (room > 0 && (given[0] < wants[0] || given[1] < wants[1]))
        {
            var share = room < 2 ? 1 : room / 2;
            for (var i = 0; i < 2 && room > 0; i++)
            {
                var more = Math.Min(share, wants[i] - given[i]);
                given[i] += more;
                room -= more;
            }
        }

        return (given[0], given[1]);
    }

    /// <summary>A stable stand-in for the random suffix, the same in every scenario.</summary>
    public static string SuffixFor(string logicalId)
        => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(logicalId)))[..SuffixLength];

    private static string CollapseDashes(string name)
    {
        var result = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.Where((c, i) => c != '-' || i == 0 || name[i - 1] != '-'))
        {
            result.Append(c);
        }

        return result.ToString();
    }
}
