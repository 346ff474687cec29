namespace LambdaSuite.LogShipper.Copying;

/// <summary>Byte ranges of a multipart copy within S3's limits (at most 10,000 parts of 5 MiB..5 GiB).</summary>
internal static class PartPlanner
{
    public const int MaxParts = 10_000;

    /// <summary>The configured part size, grown (to a whole MiB) when the object would need more than 10,000 parts.</summary>
    public static long PartSize(long objectSize, long configuredPartSize)
    {
        var size = Math.Max(configuredPartSize, LogShipperSettings.MinPartSize);
        if (objectSize > size * MaxParts)
        {
            var needed = (objectSize + MaxParts - 1) / MaxParts;
            size = (needed + LogShipperSettings.MiB - 1) / LogShipperSettings.MiB * LogShipperSettings.MiB;
        }

        return Math.Min(size, LogShipperSettings.MaxPartSize);
    }

    /// <summary>Inclusive byte ranges, numbered from 1 as S3 expects.</summary>
    public static IReadOnlyList<(int PartNumber, long FirstByte, long LastByte)> Plan(long objectSize, long partSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(objectSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partSize);
        var parts = new List<(int, long, long)>((int)Math.Min(MaxParts, (objectSize + partSize - 1) / partSize));
        var number = 1;
        for (long first = 0; first < objectSize; first += partSize)
        {
            parts.Add((number++, first, Math.Min(first + partSize, objectSize) - 1));
        }

        if (parts.Count > MaxParts)
        {
            throw new InvalidOperationException($"object of {objectSize} bytes needs {parts.Count} parts of {partSize}: above S3's {MaxParts}");
        }

        return parts;
    }
}
