using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Tls;
using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Srtp;

namespace PiCam.Bench.WebRtc;

/// <summary>
/// One WHEP viewer, done as a browser would on its own UDP socket: POST the offer, ICE checks with
/// USE-CANDIDATE until one succeeds, DTLS as the client, then SRTP decrypted and reassembled into access
/// units by <see cref="FrameAssembler"/>; a consent check every <see cref="ConsentInterval"/>, and DELETE at the end.
/// </summary>
/// <param name="dropEvery">A harness self-check: throw away every n-th RTP packet received (0: none), so the
/// frame check must report loss.</param>
internal sealed class WhepViewer(Uri server, double fps, DtlsCertificate certificate, int dropEvery = 0)
{
    public static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IceTimeout = TimeSpan.FromSeconds(10);
    private readonly TaskCompletionSource<bool> _firstFrame = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _transaction = new byte[12];
    private readonly Lock _transactionGate = new();
    private TaskCompletionSource _checkAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DtlsDatagramQueue? _dtls;
    private volatile SrtpContext? _srtp;
    private byte[] _key = [];
    private long _answeredTicks;
    private long _rtpReceived;

    public FrameAssembler Frames { get; } = new(fps);

    /// <summary>True once the first whole frame arrived, false if the viewer failed before.</summary>
    public Task<bool> FirstFrame => _firstFrame.Task;

    /// <summary>The answer's arrival → the first whole frame reassembled.</summary>
    public double? JoinMs { get; private set; }

    public string? Error { get; private set; }

    public string? Profile { get; private set; }

    public int ConsentChecks { get; private set; }

    public int ConsentAnswered { get; private set; }

    public long SrtpRejected { get; private set; }

    public bool Deleted { get; private set; }

    public async Task RunAsync(HttpClient http, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task? receive = null;
        Uri? location = null;
        DtlsTransport? transport = null;
        try
        {
            var ufrag = Token(8);
            var offer = WhepOffer.Build(ufrag, Token(24), certificate.Fingerprint, (IPEndPoint)socket.LocalEndPoint!);
            using var content = new StringContent(offer, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            using var response = await http.PostAsync(new Uri(server, "/whep"), content, stop);
            var body = await response.Content.ReadAsStringAsync(stop);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidDataException($"POST /whep answered {(int)response.StatusCode}: {body.Trim()}");
            }

            location = new Uri(server, response.Headers.Location ?? throw new InvalidDataException("POST /whep: 201 without a Location"));
            var answer = WhepAnswer.Parse(body);
            _answeredTicks = Stopwatch.GetTimestamp();
            socket.Connect(answer.Candidate);
            _key = Encoding.UTF8.GetBytes(answer.IcePassword);
            var username = $"{answer.IceUfrag}:{ufrag}";
            var tieBreaker = (ulong)Random.Shared.NextInt64();
            _dtls = new DtlsDatagramQueue(record => Send(socket, record));
            receive = ReceiveAsync(socket, receiving.Token);

            if (!await CheckAsync(socket, username, tieBreaker, nominate: true, TimeSpan.FromMilliseconds(200), IceTimeout, stop))
            {
                throw new InvalidDataException($"no answer to ICE checks with USE-CANDIDATE within {IceTimeout.TotalSeconds:0} s");
            }

            var client = new BenchDtlsClient(certificate, answer.Fingerprint);
            var dtls = _dtls;
            transport = await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, dtls),
                stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Profile = client.Profile.ToString();
            var (serverSide, clientSide) = DtlsSrtpKeys.ForServer(client.Profile!.Value, client.KeyingMaterial);
            clientSide.Dispose();
            _srtp = serverSide; // the server protects with its keys: we unprotect with the same

            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(ConsentInterval, stop);
                ConsentChecks++;
                ConsentAnswered += await CheckAsync(socket, username, tieBreaker, nominate: false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), stop) ? 1 : 0;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is InvalidDataException or HttpRequestException or SocketException or IOException or TlsException or InvalidOperationException)
        {
            Error = e.Message;
        }
        finally
        {
            _firstFrame.TrySetResult(false);
            if (location is not null)
            {
                Deleted = await DeleteAsync(http, location);
            }

            transport?.Close();
            _dtls?.Close();
            await receiving.CancelAsync();
            if (receive is not null)
            {
                await receive;
            }

            _srtp?.Dispose();
        }
    }

    /// <summary>Sends the check every <paramref name="every"/> until an authenticated answer or <paramref name="timeout"/>.</summary>
    private async Task<bool> CheckAsync(Socket socket, string username, ulong tieBreaker, bool nominate, TimeSpan every, TimeSpan timeout, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var request = new byte[IceCheck.MaxLength];
        while (clock.Elapsed < timeout)
        {
            Task answered;
            int length;
            lock (_transactionGate)
            {
                length = IceCheck.Write(request, _transaction, username, _key, tieBreaker, nominate);
                _checkAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                answered = _checkAnswered.Task;
            }

            Send(socket, request.AsSpan(0, length));
            if (await Task.WhenAny(answered, Task.Delay(every, stop)) == answered)
            {
                return true;
            }
        }

        return false;
    }

    private async Task ReceiveAsync(Socket socket, CancellationToken token)
    {
        var buffer = new byte[2048];
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                continue; // an ICMP error from an earlier datagram; UDP goes on
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var arrival = UnixTime.NowMicros();
            OnDatagram(buffer, length, arrival);
        }
    }

    private void OnDatagram(byte[] buffer, int length, long arrival)
    {
        if (length == 0)
        {
            return;
        }

        var first = buffer[0];
        if (first <= 3)
        {
            lock (_transactionGate)
            {
                if (IceCheck.IsSuccess(buffer.AsSpan(0, length), _transaction, _key))
                {
                    _checkAnswered.TrySetResult();
                }
            }
        }
        else if (first is >= 20 and <= 63)
        {
            _dtls?.Enqueue(buffer.AsSpan(0, length));
        }
        else if (first is >= 128 and <= 191 && length >= 12 && _srtp is { } srtp)
        {
            var payloadType = buffer[1] & 0x7F;
            if (payloadType is >= 64 and <= 95)
            {
                return; // RTCP (a sender report): not needed for the figures
            }

            if (dropEvery > 0 && ++_rtpReceived % dropEvery == 0)
            {
                return;
            }

            Frames.Counting = MeasurementGate.IsOpen;
            if (!srtp.TryUnprotectRtp(buffer, length, out var plain))
            {
                SrtpRejected++;
                return;
            }

            var before = Frames.WholeFramesSeen;
            Frames.Push(buffer.AsSpan(0, plain), arrival, length);
            if (before == 0 && Frames.WholeFramesSeen > 0)
            {
                JoinMs = Stopwatch.GetElapsedTime(_answeredTicks).TotalMilliseconds;
                _firstFrame.TrySetResult(true);
            }
        }
    }

    private static void Send(Socket socket, ReadOnlySpan<byte> datagram)
    {
        try
        {
            socket.Send(datagram);
        }
        catch (SocketException)
        {
            // UDP: lost, as on a network.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task<bool> DeleteAsync(HttpClient http, Uri location)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await http.DeleteAsync(location, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string Token(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
}
