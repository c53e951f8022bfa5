using Org.BouncyCastle.Tls;

namespace PiCam.Bench.WebRtc;

/// <summary>BouncyCastle's authentication callbacks for <see cref="BenchDtlsClient"/>: check the server, present our certificate.</summary>
internal sealed class DtlsClientAuthentication(BenchDtlsClient client) : TlsAuthentication
{
    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) => client.VerifyServer(serverCertificate.Certificate);

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => client.ClientCredentials();
}
