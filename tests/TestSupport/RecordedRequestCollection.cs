using System.Collections;

namespace LambdaSuite.TestSupport;

/// <summary>The requests a <see cref="RecordingHttpClientFactory"/> recorded, in the order sent; safe to read while more arrive.</summary>
public sealed class RecordedRequestCollection : IEnumerable<RecordedRequest>
{
    private readonly List<RecordedRequest> _items = [];

    public RecordedRequest this[int index]
    {
        get
        {
            lock (_items)
            {
                return _items[index];
            }
        }
    }

    public IEnumerator<RecordedRequest> GetEnumerator()
    {
        lock (_items)
        {
            return _items.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(RecordedRequest request)
    {
        lock (_items)
        {
            _items.Add(request);
        }
    }
}
