using System.IO.Pipelines;

namespace PiCam.Http.Connections;

/// <summary>
/// A connection's transport with its input watched for the first byte the client sends, so that
/// <see cref="ConnectionGate"/> can tell a connection that never said anything from one that did.
/// Everything else is passed straight through.
/// </summary>
internal sealed class FirstBytesObserver : PipeReader, IDuplexPipe
{
    private readonly IDuplexPipe _inner;
    private Action? _onFirstBytes;

    public FirstBytesObserver(IDuplexPipe inner, Action onFirstBytes)
    {
        _inner = inner;
        _onFirstBytes = onFirstBytes;
    }

    public PipeReader Input => this;

    public PipeWriter Output => _inner.Output;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = _inner.Input.ReadAsync(cancellationToken);
        if (_onFirstBytes is null)
        {
            return read; // seen already: a plain pass-through, no state machine
        }

        if (read.IsCompletedSuccessfully)
        {
            var result = read.Result;
            Observe(result);
            return new ValueTask<ReadResult>(result);
        }

        return ObserveAsync(read);
    }

    private async ValueTask<ReadResult> ObserveAsync(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        Observe(result);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_inner.Input.TryRead(out result))
        {
            return false;
        }

        Observe(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => _inner.Input.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _inner.Input.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => _inner.Input.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _inner.Input.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.Input.CompleteAsync(exception);

    private void Observe(in ReadResult result)
    {
        if (_onFirstBytes is { } first && !result.Buffer.IsEmpty)
        {
            _onFirstBytes = null;
            first();
        }
    }
}
