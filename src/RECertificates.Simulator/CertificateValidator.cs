using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Simulator;

/// <summary>One entry of a write: PUT /v1/cluster/certificates has a list of them, update_cert exactly one.</summary>
public sealed record CertificateUpload(string Name, string Certificate, string? Key);

/// <summary>
/// Checks a whole set before anything changes, as the cluster does ("validates all provided certificates before
/// actually updating the cluster"). The first problem wins; its status follows the REST reference.
/// </summary>
public static class CertificateValidator
{
    /// <param name="knows">Whether the cluster's version knows a name.</param>
    public static ApiError? Validate(IReadOnlyList<CertificateUpload> uploads, DateTimeOffset now, Func<string, bool> knows)
    {
        // Unknown names refuse the whole set before any PEM is looked at.
        var unknown = uploads.Select(u => u.Name).Where(n => !knows(n)).Distinct().ToList();
        if (unknown.Count > 0)
            return new ApiError(403, "unknown_certificate", $"Unknown certificate name(s): {string.Join(", ", unknown)}.");

        var repeated = uploads.GroupBy(u => u.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            return new ApiError(400, "duplicate_certificate", $"Certificate name(s) given more than once: {string.Join(", ", repeated)}.");

        foreach (var upload in uploads)
        {
            if (ValidateOne(upload, now) is { } error) return error;
        }
        return null;
    }

    private static ApiError? ValidateOne(CertificateUpload upload, DateTimeOffset now)
    {
        List<X509Certificate2> chain;
        try
        {
            chain = Pem.ReadCertificates(upload.Certificate);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return new ApiError(400, "invalid_certificate", $"Certificate '{upload.Name}' is not a valid PEM certificate: {e.Message}");
        }

        try
        {
            var leaf = chain[0];
            var needsKey = CertificateCatalog.NeedsKey(upload.Name);
            if (needsKey && upload.Key is null)
                return new ApiError(400, "missing_key", $"Certificate '{upload.Name}' needs a private key.");
            if (!needsKey && upload.Key is not null)
                return new ApiError(400, "unexpected_key", $"Certificate '{upload.Name}' takes no private key.");

            if (upload.Key is not null && ValidateKey(upload, leaf) is { } keyError)
                return keyError;

            if (leaf.NotAfter.ToUniversalTime() < now.UtcDateTime)
                return new ApiError(406, "certificate_expired", $"Certificate '{upload.Name}' expired on {leaf.NotAfter.ToUniversalTime():u}.");
            if (leaf.NotBefore.ToUniversalTime() > now.UtcDateTime)
                return new ApiError(400, "certificate_not_yet_valid", $"Certificate '{upload.Name}' is not valid before {leaf.NotBefore.ToUniversalTime():u}.");
            return null;
        }
        finally
        {
            chain.ForEach(c => c.Dispose());
        }
    }

    private static ApiError? ValidateKey(CertificateUpload upload, X509Certificate2 leaf)
    {
        AsymmetricAlgorithm key;
        try
        {
            key = Pem.ReadPrivateKey(upload.Key!);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return new ApiError(400, "invalid_key", $"Key of '{upload.Name}' is not an unencrypted RSA or EC private key: {e.Message}");
        }

        using (key)
        {
            if (!Pem.IsKeyOf(key, leaf))
                return new ApiError(400, "key_mismatch", $"Key of '{upload.Name}' does not match its certificate.");
            if (CertificateCatalog.NeedsRsa(upload.Name) && key is not RSA)
                return new ApiError(400, "invalid_key", $"Certificate '{upload.Name}' must have an RSA key.");
            return null;
        }
    }
}
