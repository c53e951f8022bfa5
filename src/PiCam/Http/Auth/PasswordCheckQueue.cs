using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PiCam.Http.Auth;

/// <summary>
/// Where the slow password hash (600,000 PBKDF2 iterations) runs: on <see cref="Workers"/> threads of its own,
/// never on the thread pool that delivers frames, with at most <see cref="QueueLength"/> checks waiting. A
/// check beyond that is refused at once (the caller answers 503 with Retry-After), so no amount of login
/// traffic, from however many addresses, can use more than <see cref="Workers"/> cores or hold requests
/// without bound. The worker threads run at a lower scheduling priority (nice 10) than everything else, so
/// on a Pi with one or two cores the cameras' frames still come first.
/// <para>
/// Dedicated threads rather than <c>Task.Run</c> behind a semaphore: a pool thread inside PBKDF2 is a pool
/// thread that cannot write a frame, and the pool grows only slowly; here the pool is never touched and a
/// waiting request holds no thread at all (it awaits a <see cref="TaskCompletionSource{TResult}"/>).
/// </para>
/// </summary>
internal sealed partial class PasswordCheckQueue : IDisposable
{
    /// <summary>Checks that may wait for a worker; about a second of work at 150 ms a check.</summary>
    public const int DefaultQueueLength = 8;

    private const int Nice = 10;

    private readonly BlockingCollection<Job> _jobs;
    private int _running;
    private int _peakRunning;
    private long _completed;
    private bool _stopping;

    public PasswordCheckQueue(int? workers = null, int queueLength = DefaultQueueLength)
    {
        Workers = workers ?? DefaultWorkers;
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueLength, 1);
        QueueLength = queueLength;
        _jobs = new BlockingCollection<Job>(new ConcurrentQueue<Job>(), queueLength);
        for (var i = 0; i < Workers; i++)
        {
            new Thread(Work, maxStackSize: 256 * 1024) { IsBackground = true, Name = "picam password check" }.Start();
        }
    }

    /// <summary>Half the cores, at least one: 2 on a Raspberry Pi 4 or 5, 1 on a Pi Zero or a 2-core machine.</summary>
    public static int DefaultWorkers => Math.Max(1, Environment.ProcessorCount / 2);

    public int Workers { get; }

    public int QueueLength { get; }

    /// <summary>Checks running right now (for tests).</summary>
    internal int Running => Volatile.Read(ref _running);

    /// <summary>The most checks that ever ran at once (for tests): never more than <see cref="Workers"/>.</summary>
    internal int PeakRunning => Volatile.Read(ref _peakRunning);

    /// <summary>Checks finished so far (for tests).</summary>
    internal long Completed => Interlocked.Read(ref _completed);

    /// <summary>Queues <paramref name="check"/>; false, without running it, when <see cref="QueueLength"/> checks already wait.</summary>
    public bool TryRun(Func<bool> check, out Task<bool> result)
    {
        var job = new Job(check, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool added;
        try
        {
            added = _jobs.TryAdd(job);
        }
        catch (InvalidOperationException)
        {
            added = false; // shutting down
        }

        result = added ? job.Done.Task : Task.FromResult(false);
        return added;
    }

    /// <summary>
    /// Refuses new checks and answers the waiting ones "no" without hashing, so shutdown is not held up by a
    /// queue of PBKDF2s; a check already running finishes on its (background) thread. The collection is left
    /// to the finalizer rather than disposed under a worker that may still be reading it.
    /// </summary>
    public void Dispose()
    {
        Volatile.Write(ref _stopping, true);
        _jobs.CompleteAdding();
    }

    private void Work()
    {
        LowerPriority();
        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            if (Volatile.Read(ref _stopping))
            {
                job.Done.TrySetResult(false);
                continue;
            }

            var running = Interlocked.Increment(ref _running);
            for (var peak = Volatile.Read(ref _peakRunning); running > peak; peak = Volatile.Read(ref _peakRunning))
            {
                Interlocked.CompareExchange(ref _peakRunning, running, peak);
            }

            try
            {
                job.Done.SetResult(job.Check());
            }
            catch (Exception ex)
            {
                job.Done.SetException(ex);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                Interlocked.Increment(ref _completed);
            }
        }
    }

    /// <summary>Best effort: on Linux a thread's nice value is its own (<c>setpriority</c> on its thread id).</summary>
    private static void LowerPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = SetPriority(0 /* PRIO_PROCESS: with a thread id, that thread */, GetThreadId(), Nice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // An older libc without gettid: the checks just run at normal priority.
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    private sealed record Job(Func<bool> Check, TaskCompletionSource<bool> Done);
}
