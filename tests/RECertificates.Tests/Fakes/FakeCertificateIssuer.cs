using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Commands;

namespace RECertificates.Tests.Fakes;

/// <summary>
/// An issuer behind <see cref="ICertificateIssuer"/>, as -Issuer would be: by default it signs each request with
/// the request's own key (a year from now, the request's names and usages) and answers with the PEM text; a test
/// gives another <see cref="Answer"/> to fail, answer nothing, or answer with something else. Every request is kept.
/// </summary>
internal sealed class FakeCertificateIssuer : ICertificateIssuer
{
    public List<RECertificateRequest> Requests { get; } = [];

    /// <summary>What the issuer answers for a request (or throws); <see cref="Sign"/> unless a test says otherwise.</summary>
    public Func<RECertificateRequest, object?> Answer { get; init; } = request => Sign(request).ExportCertificatePem();

    public object? Issue(RECertificateRequest request)
    {
        Requests.Add(request);
        return Answer(request);
    }

    /// <summary>A certificate for the request: its subject and extensions, signed by its own key, valid for a year.</summary>
    public static X509Certificate2 Sign(RECertificateRequest request)
    {
        CertificateRequest asked = CertificateRequest.LoadSigningRequestPem(request.Csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        string keyPem = File.ReadAllText(request.KeyPath);
        using AsymmetricAlgorithm key = request.KeyAlgorithm.StartsWith("RSA", StringComparison.Ordinal) ? RSA.Create() : ECDsa.Create();
        key.ImportFromPem(keyPem);
        CertificateRequest signed = key is RSA rsa
            ? new CertificateRequest(asked.SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(asked.SubjectName, (ECDsa)key, HashAlgorithmName.SHA256);
        foreach (X509Extension extension in asked.CertificateExtensions)
        {
            signed.CertificateExtensions.Add(extension);
        }

        return signed.CreateSelfSigned(TestCertificates.Now.AddDays(-1), TestCertificates.Now.AddDays(365));
    }
}
