using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Simulator;

/// <summary>
/// What Kestrel presents: the current `api` certificate with its chain, as a real cluster's REST API does.
/// Built once per change of `api`, then handed to every new TLS handshake.
/// </summary>
public sealed class ServedApiCertificate
{
    public required X509Certificate2 Leaf { get; init; }
    public required SslStreamCertificateContext Context { get; init; }

    public string ThumbprintSha1 => Leaf.Thumbprint;
    public string ThumbprintSha256 => Leaf.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Null when the stored `api` cannot back TLS (no key, or seeded junk): the old one stays served.</summary>
    public static ServedApiCertificate? TryCreate(StoredCertificate api)
    {
        if (api.KeyPem is null) return null;
        try
        {
            var chain = Pem.ReadCertificates(api.CertificatePem);
            using var key = Pem.ReadPrivateKey(api.KeyPem);
            using var withKey = key switch
            {
                RSA rsa => chain[0].CopyWithPrivateKey(rsa),
                ECDsa ecdsa => chain[0].CopyWithPrivateKey(ecdsa),
                _ => throw new CryptographicException("Unsupported key type."),
            };
            // A PKCS#12 round trip turns the ephemeral key into one every platform's TLS stack can use.
            var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            var intermediates = new X509Certificate2Collection(chain.Skip(1).ToArray());
            return new ServedApiCertificate
            {
                Leaf = leaf,
                Context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
            };
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }
}
