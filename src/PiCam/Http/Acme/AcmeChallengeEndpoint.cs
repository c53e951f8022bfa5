using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiCam.Http.Acme;

/// <summary>
/// <c>/.well-known/acme-challenge/{token}</c>: the file certbot's webroot plugin wrote for the token, verbatim
/// (HTTP-01, RFC 8555 §8.3). A token is base64url and nothing else, so it can only ever name a file directly in
/// the challenge directory: no '/', no '.', no '%'. Only small regular files are served; symlinks are not.
/// </summary>
internal sealed class AcmeChallengeEndpoint
{
    /// <summary>A key authorization is a token, a '.', and a 43-character thumbprint; anything far bigger is not one.</summary>
    public const int MaxFileBytes = 1024;

    private const int MaxTokenLength = 256;

    private readonly string _directory;
    private readonly ILogger _logger;

    public AcmeChallengeEndpoint(string webroot, ILogger<AcmeChallengeEndpoint> logger)
    {
        _directory = AcmePaths.ChallengeDirectory(webroot);
        _logger = logger;
    }

    public string Directory => _directory;

    /// <summary>Base64url characters only (RFC 4648 §5, no padding), 1 to 256 of them.</summary>
    public static bool IsValidToken(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty || token.Length > MaxTokenLength)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Answers a request whose path starts with <see cref="AcmePaths.ChallengePath"/>.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        var token = (request.Path.Value ?? "")[AcmePaths.ChallengePath.Length..];
        var content = IsValidToken(token) ? await ReadAsync(token, context.RequestAborted).ConfigureAwait(false) : null;
        if (content is null)
        {
            if (IsValidToken(token))
            {
                AcmeLog.ChallengeMissing(_logger, token, _directory);
            }

            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        AcmeLog.ChallengeAnswered(_logger, token);
        response.ContentType = "text/plain";
        response.ContentLength = content.Length;
        NoCache.Apply(response);
        if (HttpMethods.IsGet(request.Method))
        {
            await response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task<byte[]?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            var file = new FileInfo(Path.Combine(_directory, token));
            if (!file.Exists || file.LinkTarget is not null)
            {
                return null;
            }

            using var handle = File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous);
            var length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes)
            {
                return null;
            }

            var content = new byte[length];
            var read = await RandomAccess.ReadAsync(handle, content, 0, cancellationToken).ConfigureAwait(false);
            return read == content.Length ? content : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
