using RECertificates.Certificates;

namespace RECertificates.Tests;

public class PemReaderTests
{
    private static readonly string CertificatePem = TestCertificates.Ec().CertificatePem;

    private static string ErrorId(string text) =>
        Assert.Throws<CertificateInputException>(() => PemReader.Read(text.AsSpan(), "test.pem")).Issue.Id;

    [Fact]
    public void Reads_a_certificate_block_into_its_der_bytes()
    {
        var blocks = PemReader.Read(CertificatePem.AsSpan(), "test.pem");

        PemBlock block = Assert.Single(blocks);
        Assert.Equal("CERTIFICATE", block.Label);
        Assert.True(block.IsCertificate);
        Assert.Equal(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(block.Data).RawData, block.Data);
    }

    [Fact]
    public void Tolerates_crlf_bom_indentation_and_text_around_blocks()
    {
        string messy = "\uFEFFsubject=CN=proxy\r\nissuer=CN=ca\r\n" +
                       string.Join("\r\n", CertificatePem.Split('\n').Select(l => "   " + l + "  ")) +
                       "\r\ntrailing notes\r\n";

        var blocks = PemReader.Read(messy.AsSpan(), "test.pem");

        Assert.Equal(PemReader.Read(CertificatePem.AsSpan(), "x")[0].Data, Assert.Single(blocks).Data);
    }

    [Fact]
    public void Remembers_where_each_block_sits_in_the_text()
    {
        string text = "header\n" + CertificatePem + CertificatePem;
        var blocks = PemReader.Read(text.AsSpan(), "test.pem");

        Assert.Equal(2, blocks.Count);
        Assert.Equal(7, blocks[0].TextStart);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", text.Substring(blocks[1].TextStart));
        Assert.EndsWith("-----END CERTIFICATE-----", text.Substring(blocks[1].TextStart, blocks[1].TextLength));
    }

    [Theory]
    [InlineData("", IssueIds.EmptyFile)]
    [InlineData("  \r\n\t ", IssueIds.EmptyFile)]
    [InlineData("just some notes, no block", IssueIds.NotPem)]
    [InlineData("0\u0082\u0001\u0002binary", IssueIds.NotPem)]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n", IssueIds.InvalidPemBase64)]
    [InlineData("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", IssueIds.InvalidPemBase64)]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n", IssueIds.TruncatedPem)]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", IssueIds.TruncatedPem)]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END PRIVATE KEY-----\n", IssueIds.MismatchedPemLabels)]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n", IssueIds.CsrNotCertificate)]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMIIB\n-----END RSA PRIVATE KEY-----\n", IssueIds.EncryptedPrivateKey)]
    public void Explains_what_it_cannot_read(string text, string expectedId)
    {
        Assert.Equal(expectedId, ErrorId(text));
    }

    [Fact]
    public void Messages_name_the_source_and_say_what_to_do()
    {
        var csr = Assert.Throws<CertificateInputException>(() => PemReader.Read("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----".AsSpan(), "/certs/proxy.pem"));
        Assert.Contains("/certs/proxy.pem", csr.Message);
        Assert.Contains("signing request, not a certificate", csr.Message);

        string encrypted = TestCertificates.Rsa().EncryptedPem;
        PemBlock block = Assert.Single(PemReader.Read(encrypted.AsSpan(), "/certs/proxy.key"));
        var e = Assert.Throws<CertificateInputException>(() => PrivateKeyReader.Read(block, "/certs/proxy.key"));
        Assert.Contains("-Password", e.Message);
        Assert.Equal("/certs/proxy.key", e.Issue.Target);
    }

    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7 -----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN PRIVATE KEY MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7")]
    [InlineData("-----BEGIN MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7-----\nAAAA\n-----END X-----")]
    public void Never_echoes_the_body_of_a_damaged_key_as_its_label(string flattened)
    {
        var failure = Assert.Throws<CertificateInputException>(() => PemReader.Read(flattened.AsSpan(), "/certs/proxy.key"));

        Assert.DoesNotContain("MIIEvQ", failure.Message);
        Assert.DoesNotContain("AoIBAQC7", failure.Message);
        Assert.Contains("/certs/proxy.key", failure.Message);
    }

    [Fact]
    public void Names_a_damaged_key_block_by_its_known_label()
    {
        var failure = Assert.Throws<CertificateInputException>(() => PemReader.Read("-----BEGIN RSA PRIVATE KEY MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".AsSpan(), "k.pem"));

        Assert.Contains("'RSA PRIVATE KEY'", failure.Message);
    }

    [Fact]
    public void Keeps_encrypted_keys_as_blocks_that_say_how_they_are_encrypted()
    {
        PemBlock pkcs8 = Assert.Single(PemReader.Read("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n".AsSpan(), "k"));
        Assert.True(pkcs8.IsEncryptedPrivateKey);
        Assert.Null(pkcs8.LegacyEncryption);

        PemBlock legacy = Assert.Single(PemReader.Read("Bag Attributes\n    localKeyID: 01 00\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011\n\nMIIB\n-----END RSA PRIVATE KEY-----\n".AsSpan(), "k"));
        Assert.True(legacy.IsEncryptedPrivateKey);
        Assert.Equal("AES-128-CBC,0011", legacy.LegacyEncryption);
    }
}
