using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using RECertificates.Certificates;
using RECertificates.Certificates.Sources;
using BcContentInfo = Org.BouncyCastle.Asn1.Pkcs.ContentInfo;

namespace RECertificates.Tests;

/// <summary>
/// Password-protected input costs bounded work and fails for the reason it fails (issue 23, items 6 and 8). The
/// hostile PKCS#12 files are assembled here from ASN.1, with junk where the encrypted bytes go: the module must
/// refuse them from their structure alone, before it derives a single key.
/// </summary>
public class PasswordProtectedInputTests
{
    private const string Secret = "correct horse";

    private static CertificateInputException Refused(byte[] content, string? password = Secret) =>
        Assert.Throws<CertificateInputException>(() => ContentReaders.Read(content, "/certs/proxy.pfx", password == null ? null : TestCertificates.Secure(password), CancellationToken.None).Dispose());

    [Fact]
    public void A_key_bag_with_four_million_iterations_is_refused_naming_the_ceiling()
    {
        var e = Refused(HostilePfx(keyBags: 1, keyIterations: 4_000_000, macIterations: 2048));

        Assert.Equal(IssueIds.KeyDerivationTooCostly, e.Issue.Id);
        Assert.Contains("4000000 iterations", e.Message);
        Assert.Contains("1,000,000", e.Message);
    }

    [Fact]
    public void A_MAC_with_four_million_iterations_is_refused_before_it_is_computed()
    {
        var e = Refused(HostilePfx(keyBags: 1, keyIterations: 2048, macIterations: 4_000_000));

        Assert.Equal(IssueIds.KeyDerivationTooCostly, e.Issue.Id);
        Assert.Contains("MAC", e.Message);
    }

    [Fact]
    public void Ten_copies_of_a_key_bag_are_ambiguous_before_anything_is_derived()
    {
        // The MAC is junk: had the password been checked (a derivation), the answer would be a wrong password.
        var e = Refused(HostilePfx(keyBags: 10, keyIterations: 4_000_000, macIterations: 2048));

        Assert.Equal(IssueIds.AmbiguousPkcs12, e.Issue.Id);
        Assert.Contains("holds 10 private keys", e.Message);
    }

    [Fact]
    public void Derivations_that_add_up_past_the_file_budget_are_refused()
    {
        var e = Refused(HostilePfx(keyBags: 1, keyIterations: 1_000_000, macIterations: 1_000_000, encryptedSafes: 2, safeIterations: 1_000_000));

        Assert.Equal(IssueIds.KeyDerivationTooCostly, e.Issue.Id);
        Assert.Contains("3,000,000", e.Message);
    }

    [Fact]
    public void Ctrl_C_stops_a_key_derivation_while_it_runs()
    {
        // No MAC, so the key bag's derivation (a million rounds, at the ceiling) is the first work done; it is
        // cancelled from inside, not waited for. The cancel comes from a thread of its own: a timer's callback runs on
        // the thread pool, which the parallel xUnit run can starve for longer than the whole derivation takes.
        byte[] pfx = HostilePfx(keyBags: 1, keyIterations: 1_000_000, macIterations: null);
        using var stop = new CancellationTokenSource();
        var canceller = new Thread(() =>
        {
            Thread.Sleep(5);
            stop.Cancel();
        }) { IsBackground = true };
        canceller.Start();

        Assert.ThrowsAny<OperationCanceledException>(() => ContentReaders.Read(pfx, "/certs/proxy.pfx", TestCertificates.Secure(Secret), stop.Token).Dispose());
    }

    [Fact]
    public void A_PFX_from_dotnet_still_opens_and_a_wrong_password_is_still_wrong()
    {
        var issued = TestCertificates.Ec();
        byte[] pfx = issued.Certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, Secret);

        using (SourceContent content = ContentReaders.Read(pfx, "/certs/proxy.pfx", TestCertificates.Secure(Secret), CancellationToken.None))
        {
            Assert.NotNull(content.Key);
        }

        Assert.Equal(IssueIds.WrongPassword, Refused(pfx, "not it").Issue.Id);
    }

    [Fact]
    public void A_scrypt_encrypted_key_opens_with_its_password_and_not_with_another()
    {
        var issued = TestCertificates.Ec();
        string encrypted = ScryptEncrypted(issued.Pkcs8Pem, Secret, n: 1 << 14);
        byte[] pem = Encoding.ASCII.GetBytes(issued.CertificatePem + encrypted);

        using (SourceContent content = ContentReaders.Read(pem, "/certs/proxy.pem", TestCertificates.Secure(Secret), CancellationToken.None))
        {
            Assert.NotNull(content.Key);
        }

        Assert.Equal(IssueIds.WrongPassword, Refused(pem, "not it").Issue.Id);
    }

    [Fact]
    public void A_scrypt_cost_beyond_the_limit_is_said_to_be_that_not_a_wrong_password()
    {
        var issued = TestCertificates.Ec();
        byte[] pem = Encoding.ASCII.GetBytes(issued.CertificatePem + ScryptEncrypted(issued.Pkcs8Pem, Secret, n: 1 << 20, junk: true));

        var e = Refused(pem);

        Assert.Equal(IssueIds.KeyDerivationTooCostly, e.Issue.Id);
        Assert.Contains("scrypt", e.Message);
    }

    [Theory]
    [InlineData(0, "not a valid count")]
    [InlineData(5_000_000_000, "1,000,000")]
    public void A_PBKDF2_count_that_cannot_be_used_is_said_to_be_that(long iterations, string said)
    {
        var issued = TestCertificates.Ec();
        byte[] pem = Encoding.ASCII.GetBytes(issued.CertificatePem + Pbkdf2Junk(iterations));

        var e = Refused(pem);

        Assert.NotEqual(IssueIds.WrongPassword, e.Issue.Id);
        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void A_legacy_key_with_a_broken_IV_is_blamed_on_the_IV()
    {
        var issued = TestCertificates.Ec();
        string pem = issued.CertificatePem + "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233\n\nMIIB\n-----END EC PRIVATE KEY-----\n";

        var e = Refused(Encoding.ASCII.GetBytes(pem));

        Assert.Equal(IssueIds.InvalidPrivateKey, e.Issue.Id);
        Assert.Contains("IV", e.Message);
        Assert.Contains("AES-256-CBC, which this module opens", e.Message);
    }

    [Fact]
    public void A_DEK_Info_that_names_no_known_cipher_is_not_echoed()
    {
        var issued = TestCertificates.Ec();
        string pem = issued.CertificatePem + "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: <script>x</script>,00112233445566778899AABBCCDDEEFF\n\nMIIB\n-----END EC PRIVATE KEY-----\n";

        var e = Refused(Encoding.ASCII.GetBytes(pem));

        Assert.Equal(IssueIds.EncryptedPrivateKey, e.Issue.Id);
        Assert.DoesNotContain("SCRIPT", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A PFX whose bags carry PBES2/PBKDF2 parameters with the given counts and junk for the encrypted bytes, and a
    /// MAC (junk digest) with its own count, or none.
    /// </summary>
    private static byte[] HostilePfx(int keyBags, long keyIterations, long? macIterations, int encryptedSafes = 0, long safeIterations = 2048)
    {
        var bags = new Asn1EncodableVector();
        for (int i = 0; i < keyBags; i++)
        {
            var info = new EncryptedPrivateKeyInfo(Pbes2(keyIterations), RandomNumberGenerator.GetBytes(64));
            bags.Add(new SafeBag(PkcsObjectIdentifiers.Pkcs8ShroudedKeyBag, info.ToAsn1Object()));
        }

        var safes = new Asn1EncodableVector
        {
            new BcContentInfo(PkcsObjectIdentifiers.Data, new DerOctetString(new DerSequence(bags).GetEncoded())),
        };
        for (int i = 0; i < encryptedSafes; i++)
        {
            var encrypted = new EncryptedData(PkcsObjectIdentifiers.Data, Pbes2(safeIterations), new BerOctetString(RandomNumberGenerator.GetBytes(64)));
            safes.Add(new BcContentInfo(PkcsObjectIdentifiers.EncryptedData, encrypted.ToAsn1Object()));
        }

        byte[] authenticatedSafe = new DerSequence(safes).GetEncoded();
        MacData? mac = macIterations is long count
            ? new MacData(new DigestInfo(new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256, DerNull.Instance), RandomNumberGenerator.GetBytes(32)), RandomNumberGenerator.GetBytes(8), (int)count)
            : null;
        return new Pfx(new BcContentInfo(PkcsObjectIdentifiers.Data, new DerOctetString(authenticatedSafe)), mac).GetEncoded();
    }

    private static AlgorithmIdentifier Pbes2(long iterations)
    {
        var kdf = new DerSequence(
            new DerOctetString(RandomNumberGenerator.GetBytes(8)),
            DerInteger.ValueOf(iterations),
            new AlgorithmIdentifier(PkcsObjectIdentifiers.IdHmacWithSha256, DerNull.Instance));
        var scheme = new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(RandomNumberGenerator.GetBytes(16)));
        return new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, new PbeS2Parameters(new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2, kdf), scheme));
    }

    private static string Pbkdf2Junk(long iterations) =>
        Pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(Pbes2(iterations), RandomNumberGenerator.GetBytes(64)).GetEncoded());

    /// <summary>An ENCRYPTED PRIVATE KEY with PBES2/scrypt and AES-256-CBC, as openssl pkcs8 -topk8 -scrypt writes it.</summary>
    private static string ScryptEncrypted(string pkcs8Pem, string password, int n, bool junk = false)
    {
        byte[] der = Convert.FromBase64String(string.Concat(pkcs8Pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        byte[] salt = RandomNumberGenerator.GetBytes(8), iv = RandomNumberGenerator.GetBytes(16);
        byte[] encrypted = RandomNumberGenerator.GetBytes(64);
        if (!junk)
        {
            byte[] key = Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(Encoding.UTF8.GetBytes(password), salt, n, 8, 1, 32);
            using var aes = Aes.Create();
            aes.Key = key;
            encrypted = aes.EncryptCbc(der, iv);
        }

        var kdf = new KeyDerivationFunc(new DerObjectIdentifier("1.3.6.1.4.1.11591.4.11"), new DerSequence(new DerOctetString(salt), DerInteger.ValueOf(n), DerInteger.ValueOf(8), DerInteger.ValueOf(1)));
        var scheme = new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(iv));
        var algorithm = new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, new PbeS2Parameters(kdf, scheme));
        return Pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(algorithm, encrypted).GetEncoded());
    }

    private static string Pem(string label, byte[] der) =>
        $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n";
}
