namespace TrackPipeline.Formats.Pickle;
public static class PickleReader { public static object? Load(ReadOnlySpan<byte> data, string path) => throw new NotImplementedException(); }
