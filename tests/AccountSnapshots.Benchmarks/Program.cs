using AccountSnapshots.Benchmarks;
using BenchmarkDotNet.Running;

// "history [clients] [accounts] [days]" runs the history benchmark directly; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "history")
{
    return await HistoryBenchmark.RunAsync(args[1..]);
}

// "changes-events [clients] [accounts] [days]": the 30-day changes and events queries on the same fixture.
if (args.Length > 0 && args[0] == "changes-events")
{
    return await ChangesEventsBenchmark.RunAsync(args[1..]);
}

// "warm-run SANDBOX_URL [runs] [folder]": snapshot runs in one warm process, as the Functions app makes them.
if (args.Length > 0 && args[0] == "warm-run")
{
    return await WarmRunBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
