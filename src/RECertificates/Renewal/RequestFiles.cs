using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkcs;
using RECertificates.Certificates;

namespace RECertificates.Renewal
{
    using PrivateKeyInfo = RECertificates.Certificates.PrivateKeyInfo;

    /// <summary>
    /// A certificate's key and request as files, <c>&lt;name&gt;.key</c> (owner-only, or encrypted) and
    /// <c>&lt;name&gt;.csr</c>, written together or not at all; and, for a renewal, the pair a failed run left
    /// behind, taken again while it still fits (a pending AD CS request is tied to that very key).
    /// </summary>
    internal static class RequestFiles
    {
        /// <summary>Makes a new key and request and writes both; returns what was requested.</summary>
        /// <exception cref="CertificateInputException">A file exists (without <paramref name="overwrite"/>), or a write failed.</exception>
        public static RECertificateRequest Write(string folder, string name, string subjectName, IReadOnlyList<string> dnsNames, string algorithm, int keySize, char[]? password, bool overwrite)
        {
            string keyPath = Path.Combine(folder, name + ".key");
            string csrPath = Path.Combine(folder, name + ".csr");
            GeneratedRequest generated = CertificateRequestBuilder.Create(subjectName, dnsNames, algorithm, keySize, password);
            using (var batch = new FileBatch())
            {
                batch.Add(keyPath, generated.KeyPem, isSecret: true);
                batch.Add(csrPath, Encoding.ASCII.GetBytes(generated.CsrPem), isSecret: false);
                batch.Commit(overwrite);
            }

            return new RECertificateRequest(name, "CN=" + subjectName, dnsNames.ToArray(), generated.KeyAlgorithm, csrPath, keyPath, generated.CsrPem);
        }

        /// <summary>
        /// The key and request in <paramref name="folder"/> for this name, when both are there, the request asks for
        /// exactly these DNS names with this key algorithm, the key is the request's, and it is not the key of the
        /// certificate the cluster holds now (a key already rotated in is never issued a second time); else null.
        /// </summary>
        public static RECertificateRequest? TryReuse(string folder, string name, IReadOnlyList<string> dnsNames, string keyAlgorithm, PublicKeyIdentity? current)
        {
            string keyPath = Path.Combine(folder, name + ".key");
            string csrPath = Path.Combine(folder, name + ".csr");
            if (!File.Exists(keyPath) || !File.Exists(csrPath))
            {
                return null;
            }

            try
            {
                string csrPem = File.ReadAllText(csrPath);
                byte[]? csrDer = RequestDer(csrPem);
                PrivateKeyInfo? key = ReadKey(keyPath);
                if (csrDer == null || key?.PublicKey == null || key.Description != keyAlgorithm || (current != null && key.PublicKey.Matches(current)))
                {
                    return null;
                }

                var request = new Pkcs10CertificationRequest(csrDer);
                CertificationRequestInfo info = request.GetCertificationRequestInfo();
                if (!SameKey(info.SubjectPublicKeyInfo, key.PublicKey) || !SameNames(request, dnsNames))
                {
                    return null;
                }

                string subject = info.Subject.ToString();
                return new RECertificateRequest(name, subject, dnsNames.ToArray(), keyAlgorithm, csrPath, keyPath, csrPem);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is CertificateInputException || e is ArgumentException || e is InvalidOperationException || e is FormatException)
            {
                // Unreadable or damaged: a new pair is made, as if nothing had been left.
                return null;
            }
        }

        /// <summary>The DER of the request this module wrote (the certificate readers refuse requests, rightly, as inputs).</summary>
        private static byte[]? RequestDer(string pem)
        {
            const string Begin = "-----BEGIN " + PemBlock.CertificateRequestLabel + "-----";
            const string End = "-----END " + PemBlock.CertificateRequestLabel + "-----";
            int start = pem.IndexOf(Begin, StringComparison.Ordinal);
            int end = start < 0 ? -1 : pem.IndexOf(End, start, StringComparison.Ordinal);
            if (end < 0)
            {
                return null;
            }

            string base64 = new string(pem.Substring(start + Begin.Length, end - start - Begin.Length).Where(c => !char.IsWhiteSpace(c)).ToArray());
            return Convert.FromBase64String(base64);
        }

        private static PrivateKeyInfo? ReadKey(string keyPath)
        {
            byte[] bytes = File.ReadAllBytes(keyPath);
            char[] text = Encoding.ASCII.GetChars(bytes);
            Array.Clear(bytes, 0, bytes.Length);
            try
            {
                PrivateKeyInfo? found = null;
                foreach (PemBlock block in PemReader.Read(text, keyPath))
                {
                    if (block.IsPrivateKey && !block.IsEncryptedPrivateKey && found == null)
                    {
                        found = PrivateKeyReader.Read(block, keyPath);
                    }

                    block.Clear();
                }

                return found;
            }
            finally
            {
                Array.Clear(text, 0, text.Length);
            }
        }

        private static bool SameKey(SubjectPublicKeyInfo requested, PublicKeyIdentity key)
        {
            byte[] value = requested.PublicKey.GetBytes();
            if (key.Algorithm == PublicKeyIdentity.RsaAlgorithm)
            {
                var rsa = RsaPublicKeyStructure.GetInstance(Asn1Object.FromByteArray(value));
                return PublicKeyIdentity.FromRsa(rsa.Modulus.ToByteArrayUnsigned(), rsa.PublicExponent.ToByteArrayUnsigned()).Matches(key);
            }

            string curve = DerObjectIdentifier.GetInstance(requested.Algorithm.Parameters).Id;
            return PublicKeyIdentity.FromEc(curve, value).Matches(key);
        }

        private static bool SameNames(Pkcs10CertificationRequest request, IReadOnlyList<string> dnsNames)
        {
            X509Extension? extension = request.GetRequestedExtensions()?.GetExtension(X509Extensions.SubjectAlternativeName);
            if (extension == null)
            {
                return false;
            }

            var requested = GeneralNames.GetInstance(extension.GetParsedValue()).GetNames()
                .Where(n => n.TagNo == GeneralName.DnsName)
                .Select(n => n.Name.ToString()!)
                .ToList();
            return new HashSet<string>(requested, StringComparer.OrdinalIgnoreCase).SetEquals(dnsNames);
        }
    }
}
