using PiCam.Platform.Gpio;

namespace PiCam.Tests.Platform.Gpio;

/// <summary>A status line that records every write, and can be told to fail like hardware does.</summary>
internal sealed class FakeStatusLine : IStatusLine
{
    private readonly Lock _gate = new();
    private readonly List<bool> _writes = [];

    /// <summary>When set, every <see cref="Set"/> throws this instead of recording.</summary>
    public IOException? FailWith { get; set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<bool> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public void Set(bool on)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (FailWith is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            _writes.Add(on);
        }
    }

    public void Dispose() => Disposed = true;
}
