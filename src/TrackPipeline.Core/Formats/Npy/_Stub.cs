namespace TrackPipeline.Formats.Npy;
public static class NpzReader { public static Dictionary<string, NdArray> ReadAll(string path) => throw new NotImplementedException(); }
