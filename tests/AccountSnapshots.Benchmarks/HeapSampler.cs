using System.Diagnostics;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// Samples the GC heap size and the process working set every 5 ms on its own thread until stopped, keeping the
/// largest of each: a peak that /usr/bin/time cannot give per run inside one long-lived process.
/// </summary>
internal sealed class HeapSampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peakHeap;
    private long _peakWorkingSet;

    public HeapSampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
        _thread.Start();
    }

    /// <summary>Stops sampling; the peaks seen (bytes).</summary>
    public (long PeakHeap, long PeakWorkingSet) Stop()
    {
        _stop = true;
        _thread.Join();
        return (_peakHeap, _peakWorkingSet);
    }

    public void Dispose()
    {
        if (!_stop)
        {
            Stop();
        }
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        while (!_stop)
        {
            _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            process.Refresh();
            _peakWorkingSet = Math.Max(_peakWorkingSet, process.WorkingSet64);
            Thread.Sleep(5);
        }
    }
}
