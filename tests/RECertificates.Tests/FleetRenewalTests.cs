using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RECertificates.Certificates;
using RECertificates.Renewal;

namespace RECertificates.Tests;

/// <summary>
/// The plain classes of the unattended renewal: which certificates are due, the key and request a failed run left
/// and when they are used again, and the PKCS#12 file Export-RECertificate -Format Pfx writes, read back by .NET.
/// </summary>
public class FleetRenewalTests
{
    private static readonly DateTime Now = new DateTime(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc);

    private sealed record Held(string Name, DateTime NotAfter, bool IsInternal = false);

    private static IReadOnlyList<(Held Certificate, bool IsDue)> Select(IEnumerable<Held> held, int days = DueSelection.DefaultWithinDays, params string[] names)
    {
        var filter = new RECertificates.Commands.CertificateNameFilter(names);
        return DueSelection.Select(held, h => h.Name, h => h.NotAfter, h => h.IsInternal, filter.Matches, days, Now);
    }

    [Fact]
    public void Due_is_expiring_within_the_days_or_expired_and_the_boundary_day_counts()
    {
        var result = Select(new[]
        {
            new Held("proxy", Now.AddDays(10)),
            new Held("api", Now.AddDays(30)),
            new Held("cm", Now.AddDays(30).AddSeconds(1)),
            new Held("syncer", Now.AddDays(-3)),
        });
        Assert.Equal(["api", "cm", "proxy", "syncer"], result.Select(r => r.Certificate.Name));
        Assert.Equal([true, false, true, true], result.Select(r => r.IsDue));
    }

    [Fact]
    public void Trusted_certificates_without_a_key_and_internal_ones_are_never_renewed_even_when_expired()
    {
        var result = Select(new[]
        {
            new Held("mtls_trusted_ca", Now.AddDays(-1)),
            new Held("sso_issuer", Now.AddDays(1)),
            new Held("internal_cert", Now.AddDays(1), IsInternal: true),
            new Held("ldap_client", Now.AddDays(1)),
        });
        Assert.Equal(["ldap_client"], result.Select(r => r.Certificate.Name));
        Assert.True(result[0].IsDue);
    }

    [Fact]
    public void Name_selects_with_wildcards_and_the_window_is_the_callers()
    {
        var held = new[] { new Held("proxy", Now.AddDays(50)), new Held("syncer", Now.AddDays(50)), new Held("api", Now.AddDays(50)) };
        Assert.Equal(["proxy", "syncer"], Select(held, 30, "p*", "SYNCER").Select(r => r.Certificate.Name));
        Assert.All(Select(held, 30), r => Assert.False(r.IsDue));
        Assert.All(Select(held, 60), r => Assert.True(r.IsDue));
    }

    [Fact]
    public void A_key_and_request_left_by_a_failed_run_are_used_again_while_they_fit()
    {
        using var folder = new TempDirectory();
        string[] names = ["due.local", "*.due.local"];
        RECertificateRequest written = RequestFiles.Write(folder.Path, "proxy", "due.local", names, PublicKeyIdentity.RsaAlgorithm, 2048, null, overwrite: false);

        RECertificateRequest? reused = RequestFiles.TryReuse(folder.Path, "proxy", names, "RSA 2048", current: null);
        Assert.NotNull(reused);
        Assert.Equal(written.KeyPath, reused!.KeyPath);
        Assert.Equal(written.Csr, reused.Csr);
        Assert.Equal("CN=due.local", reused.Subject);

        // Other names, another algorithm or size, or no request beside the key: a new pair is needed.
        Assert.Null(RequestFiles.TryReuse(folder.Path, "proxy", ["due.local"], "RSA 2048", null));
        Assert.Null(RequestFiles.TryReuse(folder.Path, "proxy", names, "RSA 3072", null));
        Assert.Null(RequestFiles.TryReuse(folder.Path, "syncer", names, "RSA 2048", null));
    }

    [Fact]
    public void A_key_the_cluster_already_holds_is_never_issued_again()
    {
        using var folder = new TempDirectory();
        string[] names = ["due.local"];
        RECertificateRequest written = RequestFiles.Write(folder.Path, "proxy", "due.local", names, PublicKeyIdentity.EcdsaAlgorithm, 256, null, overwrite: false);
        Assert.NotNull(RequestFiles.TryReuse(folder.Path, "proxy", names, "ECDSA P-256", null));

        // The certificate the cluster holds now was issued for this key: the run that left it succeeded.
        using ECDsa key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(written.KeyPath));
        var request = new CertificateRequest("CN=due.local", key, HashAlgorithmName.SHA256);
        using X509Certificate2 rotated = request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(365));
        Assert.Null(RequestFiles.TryReuse(folder.Path, "proxy", names, "ECDSA P-256", PublicKeyIdentity.FromCertificate(rotated)));
    }

    [Fact]
    public void A_damaged_request_is_not_used_again()
    {
        using var folder = new TempDirectory();
        string[] names = ["due.local"];
        RECertificateRequest written = RequestFiles.Write(folder.Path, "proxy", "due.local", names, PublicKeyIdentity.RsaAlgorithm, 2048, null, overwrite: false);
        File.WriteAllText(written.CsrPath, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
        Assert.Null(RequestFiles.TryReuse(folder.Path, "proxy", names, "RSA 2048", null));
    }

    [Fact]
    public void A_pfx_holds_the_chain_and_the_key_readable_by_dotnet_with_the_password_only()
    {
        using RSA rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Pfx Test Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 root = rootRequest.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(3650));
        using RSA leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=due.local", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 leaf = leafRequest.Create(root, Now.AddDays(-1), Now.AddDays(365), [1, 2, 3, 4]);
        string chain = leaf.ExportCertificatePem() + "\n" + root.ExportCertificatePem() + "\n";
        char[] keyPem = PemEncoding.Write("PRIVATE KEY", leafKey.ExportPkcs8PrivateKey());

        byte[] pfx = Pkcs12File.Encode(chain, keyPem, "s3cret!".ToCharArray(), "proxy", "certificate 'proxy'");

        X509Certificate2Collection all = X509CertificateLoader.LoadPkcs12Collection(pfx, "s3cret!", X509KeyStorageFlags.EphemeralKeySet);
        Assert.Equal(2, all.Count);
        X509Certificate2 withKey = Assert.Single(all.Cast<X509Certificate2>(), c => c.HasPrivateKey);
        Assert.Equal(leaf.Thumbprint, withKey.Thumbprint);
        Assert.Contains(all.Cast<X509Certificate2>(), c => c.Thumbprint == root.Thumbprint);
        using RSA exported = withKey.GetRSAPrivateKey()!;
        Assert.Equal(leafKey.ExportSubjectPublicKeyInfo(), exported.ExportSubjectPublicKeyInfo());
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12(pfx, "wrong", X509KeyStorageFlags.EphemeralKeySet));

        // AES-256-CBC (2.16.840.1.101.3.4.1.42) under PBES2, not the 3DES or RC2 of older exports.
        string der = Convert.ToHexString(pfx);
        Assert.Contains("060960864801650304012A", der, StringComparison.Ordinal);
    }
}
