using System;
using System.Formats.Asn1;
using System.IO;
using System.Text;

namespace RECertificates
{
    /// <summary>
    /// Reads a certificate or key file into characters. Checks what can be checked before reading (a directory,
    /// a missing file, a file far too big to be PEM) and recognises the binary formats people mistake for PEM.
    /// Returns characters, not a string, because the file may hold a private key: the caller clears the array.
    /// </summary>
    internal static class CertificateFileReader
    {
        /// <summary>A PEM chain with a key is a few kilobytes; anything past this is not what the user meant.</summary>
        public const long MaximumFileBytes = 1024 * 1024;

        private const string Pkcs7DataOid = "1.2.840.113549.1.7.1";
        private const string Pkcs7SignedDataOid = "1.2.840.113549.1.7.2";

        /// <exception cref="CertificateInputException">The file cannot be read or is not text.</exception>
        public static char[] ReadChars(string path)
        {
            if (Directory.Exists(path))
            {
                throw new CertificateInputException(IssueIds.PathIsDirectory, $"'{path}' is a directory; give the certificate file inside it.", path, IssueCategory.InvalidArgument);
            }

            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new CertificateInputException(IssueIds.FileNotFound, $"Certificate file '{path}' was not found.", path, IssueCategory.ObjectNotFound);
            }

            // Checked before reading: a 50 MB log file passed by mistake must not be loaded into memory.
            if (file.Length > MaximumFileBytes)
            {
                throw new CertificateInputException(
                    IssueIds.FileTooLarge,
                    $"'{path}' is {file.Length} bytes, too large to be a PEM certificate or key (at most {MaximumFileBytes} bytes); check that this is the right file.",
                    path);
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (UnauthorizedAccessException)
            {
                throw new CertificateInputException(IssueIds.FileAccessDenied, $"Access to '{path}' was denied; run as a user who may read it, or change its permissions.", path, IssueCategory.PermissionDenied);
            }
            catch (IOException e)
            {
                throw new CertificateInputException(IssueIds.FileReadFailed, $"'{path}' could not be read: {e.Message}", path, IssueCategory.ReadError);
            }

            try
            {
                return Decode(bytes, path);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>Decodes UTF-8 (with or without BOM) and UTF-16 with a BOM; refuses binary content.</summary>
        internal static char[] Decode(byte[] bytes, string source)
        {
            if (bytes.Length == 0)
            {
                throw new CertificateInputException(IssueIds.EmptyFile, $"{source} is empty; it should hold PEM text (-----BEGIN CERTIFICATE-----).", source);
            }

            if (StartsWith(bytes, 0xEF, 0xBB, 0xBF))
            {
                return GetChars(new UTF8Encoding(false, true), bytes, 3, source);
            }

            if (StartsWith(bytes, 0xFF, 0xFE))
            {
                return GetChars(new UnicodeEncoding(false, false, true), bytes, 2, source);
            }

            if (StartsWith(bytes, 0xFE, 0xFF))
            {
                return GetChars(new UnicodeEncoding(true, false, true), bytes, 2, source);
            }

            if (IsPkcs12(bytes))
            {
                throw new CertificateInputException(
                    IssueIds.Pkcs12NotSupported,
                    $"{source} is a PKCS#12 (.pfx/.p12) file; the cluster needs PEM. Export the certificate and key with: openssl pkcs12 -in f.pfx -nodes -out f.pem",
                    source);
            }

            return GetChars(new UTF8Encoding(false, true), bytes, 0, source);
        }

        private static char[] GetChars(Encoding encoding, byte[] bytes, int start, string source)
        {
            try
            {
                return encoding.GetChars(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException)
            {
                throw PemReader.NotPem(source);
            }
        }

        // PFX = SEQUENCE { INTEGER 3, ContentInfo SEQUENCE { OID data|signedData, ... }, ... }
        private static bool IsPkcs12(byte[] bytes)
        {
            if (bytes[0] != 0x30)
            {
                return false;
            }

            try
            {
                var pfx = new AsnReader(bytes, AsnEncodingRules.BER).ReadSequence();
                if (!pfx.TryReadInt32(out int version) || version != 3)
                {
                    return false;
                }

                string contentType = pfx.ReadSequence().ReadObjectIdentifier();
                return contentType == Pkcs7DataOid || contentType == Pkcs7SignedDataOid;
            }
            catch (AsnContentException)
            {
                return false;
            }
        }

        private static bool StartsWith(byte[] bytes, params byte[] prefix)
        {
            if (bytes.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (bytes[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
