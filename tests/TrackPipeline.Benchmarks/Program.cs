using BenchmarkDotNet.Running;
using TrackPipeline.Benchmarks;

if (args is ["throughput"])
{
    NpzReadBenchmark.Throughput(Console.Out);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(NpzReadBenchmark).Assembly).Run(args);
