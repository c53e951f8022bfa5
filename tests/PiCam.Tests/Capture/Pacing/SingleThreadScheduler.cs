using System.Collections.Concurrent;

namespace PiCam.Tests.Capture.Pacing;

/// <summary>Runs tasks one at a time on one dedicated thread, so a task that never yields starves every other.</summary>
internal sealed class SingleThreadScheduler : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread _thread;

    public SingleThreadScheduler()
    {
        _thread = new Thread(() =>
        {
            foreach (var task in _queue.GetConsumingEnumerable())
            {
                TryExecuteTask(task);
            }
        })
        { IsBackground = true, Name = "single-thread scheduler" };
        _thread.Start();
    }

    public Task Run(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, this).Unwrap();

    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task) => _queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queue];
}
