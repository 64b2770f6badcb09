using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Simulator;

/// <summary>Reading the PEM text clients send, with .NET's own parsers (no code shared with the module).</summary>
public static class Pem
{
    /// <summary>Every CERTIFICATE block in order: the leaf first, then intermediates, as the cluster stores chains.</summary>
    /// <exception cref="FormatException">No CERTIFICATE block.</exception>
    /// <exception cref="CryptographicException">A block is not an X.509 certificate.</exception>
    public static List<X509Certificate2> ReadCertificates(string pem)
    {
        var certificates = new List<X509Certificate2>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                certificates.Add(X509CertificateLoader.LoadCertificate(der));
            }
            rest = rest[fields.Location.End..];
        }
        return certificates.Count > 0 ? certificates : throw new FormatException("No PEM CERTIFICATE block found.");
    }

    /// <summary>An unencrypted RSA or EC private key in PKCS#8, PKCS#1 or SEC1 PEM.</summary>
    /// <exception cref="FormatException">Not a private key PEM (e.g. encrypted, or a public key).</exception>
    /// <exception cref="CryptographicException">The key data does not parse.</exception>
    public static AsymmetricAlgorithm ReadPrivateKey(string pem)
    {
        // The label is checked first because ImportFromPem also accepts PUBLIC KEY, which would "match" any cert.
        if (!PemEncoding.TryFind(pem, out var fields))
            throw new FormatException("No PEM block found.");
        var label = pem[fields.Label];
        if (label is not ("PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY"))
            throw new FormatException($"A '{label}' PEM block is not an unencrypted private key.");

        if (label != "EC PRIVATE KEY")
        {
            var rsa = RSA.Create();
            try { rsa.ImportFromPem(pem); return rsa; }
            catch (Exception e) when (e is CryptographicException or ArgumentException) { rsa.Dispose(); }
        }
        var ecdsa = ECDsa.Create();
        try { ecdsa.ImportFromPem(pem); return ecdsa; }
        catch (ArgumentException e) { ecdsa.Dispose(); throw new CryptographicException(e.Message, e); }
        catch { ecdsa.Dispose(); throw; }
    }

    /// <summary>Compare the key material itself, not SPKI bytes, so equivalent encodings of one key still match.</summary>
    public static bool IsKeyOf(AsymmetricAlgorithm key, X509Certificate2 certificate)
    {
        switch (key)
        {
            case RSA rsa:
                using (var leafKey = certificate.GetRSAPublicKey())
                {
                    if (leafKey is null) return false;
                    var a = leafKey.ExportParameters(false);
                    var b = rsa.ExportParameters(false);
                    return a.Modulus.AsSpan().SequenceEqual(b.Modulus) && a.Exponent.AsSpan().SequenceEqual(b.Exponent);
                }
            case ECDsa ecdsa:
                using (var leafKey = certificate.GetECDsaPublicKey())
                {
                    if (leafKey is null) return false;
                    var a = leafKey.ExportParameters(false).Q;
                    var b = ecdsa.ExportParameters(false).Q;
                    return a.X.AsSpan().SequenceEqual(b.X) && a.Y.AsSpan().SequenceEqual(b.Y);
                }
            default:
                return false;
        }
    }

    /// <summary>SHA-1 thumbprint of the leaf, or null when the stored text is not a certificate (tests may seed junk).</summary>
    public static string? LeafThumbprint(string pem)
    {
        try
        {
            var chain = ReadCertificates(pem);
            var thumbprint = chain[0].Thumbprint;
            chain.ForEach(c => c.Dispose());
            return thumbprint;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
