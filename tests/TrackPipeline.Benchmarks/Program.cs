using BenchmarkDotNet.Running;
using TrackPipeline.Benchmarks;

if (args is ["throughput"])
{
    NpzReadBenchmark.Throughput(Console.Out);
    return 0;
}
if (args is ["read", ..])
    return ReadThroughput.Run(args, Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(NpzReadBenchmark).Assembly).Run(args);
return 0;
