using System;
using System.Collections.Generic;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Reads PEM text into blocks. Works on characters rather than a string so that the text of a private key
    /// can be cleared by the caller afterwards. Tolerates what editors and tools do to PEM files (CRLF, a BOM,
    /// indentation, comments before and after the blocks) and explains, in the user's words, what it cannot read.
    /// </summary>
    internal static class PemReader
    {
        private const string BeginMarker = "-----BEGIN ";
        private const string EndMarker = "-----END ";
        private const string Dashes = "-----";
        private const int MaximumShownLabel = 40;

        // A longer label before any label it starts with: "CERTIFICATE REQUEST" is not a "CERTIFICATE".
        private static readonly string[] KnownLabels =
        {
            PemBlock.EncryptedPrivateKeyLabel, PemBlock.RsaPrivateKeyLabel, PemBlock.EcPrivateKeyLabel, PemBlock.Pkcs8PrivateKeyLabel,
            PemBlock.LegacyCertificateLabel, PemBlock.LegacyCertificateRequestLabel, PemBlock.CertificateRequestLabel, PemBlock.CertificateLabel,
        };

        /// <param name="text">The PEM text; not kept.</param>
        /// <param name="source">What to call the input in messages: a file path or "certificate 'proxy'".</param>
        /// <exception cref="CertificateInputException">The text is not usable PEM.</exception>
        public static List<PemBlock> Read(ReadOnlySpan<char> text, string source)
        {
            int position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            if (IsBlank(text.Slice(position)))
            {
                throw Empty(source);
            }

            if (LooksBinary(text))
            {
                throw NotPem(source);
            }

            var blocks = new List<PemBlock>();
            try
            {
                while (true)
                {
                    int begin = IndexOf(text, BeginMarker, position);
                    if (begin < 0)
                    {
                        break;
                    }

                    blocks.Add(ReadBlock(text, begin, source, out position));
                }
            }
            catch
            {
                // A key block read before the failure must not linger in memory.
                foreach (PemBlock block in blocks)
                {
                    block.Clear();
                }

                throw;
            }

            if (blocks.Count == 0)
            {
                throw NotPem(source);
            }

            return blocks;
        }

        private static PemBlock ReadBlock(ReadOnlySpan<char> text, int begin, string source, out int next)
        {
            int labelStart = begin + BeginMarker.Length;
            int labelEnd = IndexOf(text, Dashes, labelStart);
            int lineEnd = LineEnd(text, labelStart);
            if (labelEnd < 0 || labelEnd > lineEnd)
            {
                throw DamagedBeginLine(source, text.Slice(labelStart, lineEnd - labelStart));
            }

            // A label that is no label is the body of a block whose BEGIN line lost its dashes: never a string.
            ReadOnlySpan<char> labelText = text.Slice(labelStart, labelEnd - labelStart).Trim();
            if (labelText.Length > MaximumShownLabel || !IsLabelText(labelText))
            {
                throw DamagedBeginLine(source, labelText);
            }

            string label = labelText.ToString();
            RefuseWhatIsNotACertificateOrKey(label, source);

            int bodyStart = labelEnd + Dashes.Length;
            int end = IndexOf(text, EndMarker, bodyStart);
            int nextBegin = IndexOf(text, BeginMarker, bodyStart);
            if (end < 0 || (nextBegin >= 0 && nextBegin < end))
            {
                throw Truncated(source, label);
            }

            int endLabelStart = end + EndMarker.Length;
            int endLabelEnd = IndexOf(text, Dashes, endLabelStart);
            int endLineEnd = LineEnd(text, endLabelStart);
            if (endLabelEnd < 0 || endLabelEnd > endLineEnd)
            {
                throw Truncated(source, label);
            }

            string endLabel = text.Slice(endLabelStart, endLabelEnd - endLabelStart).ToString().Trim();
            if (!string.Equals(label, endLabel, StringComparison.Ordinal))
            {
                throw new CertificateInputException(
                    IssueIds.MismatchedPemLabels,
                    $"{source}: a block begins with 'BEGIN {label}' but ends with 'END {Shown(endLabel.AsSpan())}'; the file was probably assembled by hand. Each block must end with the label it began with.",
                    source);
            }

            next = endLabelEnd + Dashes.Length;
            byte[] data = DecodeBody(text.Slice(bodyStart, end - bodyStart), label, source, out string? encryption);
            return new PemBlock(label, data, begin, next - begin, encryption);
        }

        private static void RefuseWhatIsNotACertificateOrKey(string label, string source)
        {
            if (label == PemBlock.CertificateRequestLabel || label == PemBlock.LegacyCertificateRequestLabel)
            {
                throw new CertificateInputException(
                    IssueIds.CsrNotCertificate,
                    $"{source} holds a CERTIFICATE REQUEST: this is a signing request, not a certificate. Send it to your certificate authority and use the certificate it returns.",
                    source);
            }

        }

        /// <param name="encryption">OpenSSL's legacy encryption: the DEK-Info header ("AES-256-CBC,&lt;iv&gt;"), when Proc-Type says ENCRYPTED.</param>
        private static byte[] DecodeBody(ReadOnlySpan<char> body, string label, string source, out string? encryption)
        {
            encryption = null;
            bool encrypted = false;
            // Base64 of a key is as secret as the key: collect it in an array we can clear.
            char[] base64 = new char[body.Length];
            int count = 0;
            try
            {
                int lineStart = 0;
                while (lineStart < body.Length)
                {
                    int lineEnd = LineEnd(body, lineStart);
                    ReadOnlySpan<char> line = body.Slice(lineStart, lineEnd - lineStart);
                    lineStart = lineEnd + 1;

                    // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: ...") precede the data.
                    if (line.IndexOf(':') >= 0)
                    {
                        encrypted |= IndexOf(line, "Proc-Type:", 0) == 0 && IndexOf(line, "ENCRYPTED", 0) >= 0;
                        if (IndexOf(line, "DEK-Info:", 0) == 0)
                        {
                            encryption = line.Slice("DEK-Info:".Length).ToString().Trim();
                        }

                        continue;
                    }

                    foreach (char c in line)
                    {
                        if (!char.IsWhiteSpace(c))
                        {
                            base64[count++] = c;
                        }
                    }
                }

                if (count == 0)
                {
                    throw BadBase64(source, label);
                }

                if (encrypted && encryption == null)
                {
                    throw Encrypted(source);
                }

                encryption = encrypted ? encryption : null;

                try
                {
                    return Convert.FromBase64CharArray(base64, 0, count);
                }
                catch (FormatException)
                {
                    throw BadBase64(source, label);
                }
            }
            finally
            {
                Array.Clear(base64, 0, base64.Length);
            }
        }

        /// <summary>
        /// What a message may call a block: its label when it looks like one (upper-case words, at most 40
        /// characters), else only a known label it starts with (see <see cref="KnownLabelAtStart"/>).
        /// </summary>
        private static string Shown(ReadOnlySpan<char> label)
        {
            label = label.Trim();
            return label.Length > 0 && label.Length <= MaximumShownLabel && IsLabelText(label) ? label.ToString() : KnownLabelAtStart(label);
        }

        /// <summary>
        /// The known label a damaged BEGIN line starts with, or "unnamed": nothing else of its text, since a key
        /// flattened to one line puts its whole base64 body there and a message never echoes what a key holds.
        /// </summary>
        private static string KnownLabelAtStart(ReadOnlySpan<char> beginLine)
        {
            beginLine = beginLine.Trim();
            foreach (string known in KnownLabels)
            {
                if (beginLine.StartsWith(known.AsSpan(), StringComparison.Ordinal))
                {
                    return known;
                }
            }

            return "unnamed";
        }

        private static bool IsLabelText(ReadOnlySpan<char> label)
        {
            foreach (char c in label)
            {
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsBlank(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return false;
                }
            }

            return true;
        }

        // PEM is printable ASCII; control characters other than line breaks and tabs mean a binary file that
        // was decoded as text (DER, PFX) or a UTF-16 file without its byte order mark.
        private static bool LooksBinary(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (c < ' ' && c != '\r' && c != '\n' && c != '\t' && c != '\f')
                {
                    return true;
                }
            }

            return false;
        }

        private static int IndexOf(ReadOnlySpan<char> text, string value, int start)
        {
            if (start >= text.Length)
            {
                return -1;
            }

            int found = text.Slice(start).IndexOf(value.AsSpan(), StringComparison.Ordinal);
            return found < 0 ? -1 : start + found;
        }

        private static int LineEnd(ReadOnlySpan<char> text, int start)
        {
            int found = start >= text.Length ? -1 : text.Slice(start).IndexOf('\n');
            return found < 0 ? text.Length : start + found;
        }

        /// <summary>Nothing to read: no bytes at all, or only white space.</summary>
        internal static CertificateInputException Empty(string source) => new CertificateInputException(
            IssueIds.EmptyFile, $"{source} is empty; it should hold PEM text (-----BEGIN CERTIFICATE-----).", source);

        internal static CertificateInputException NotPem(string source) => new CertificateInputException(
            IssueIds.NotPem,
            $"{source} is not a certificate file the module can read: neither PEM text (no '-----BEGIN CERTIFICATE-----' block), a DER certificate, nor a PKCS#12 (.pfx, .p12) file. Check that this is the right file.",
            source);

        private static CertificateInputException Truncated(string source, string label) => new CertificateInputException(
            IssueIds.TruncatedPem,
            $"{source}: the '{label}' block has a BEGIN line but no matching END line; the file is probably cut short. Copy the whole block, up to '-----END {label}-----'.",
            source);

        private static CertificateInputException DamagedBeginLine(string source, ReadOnlySpan<char> beginLine) => new CertificateInputException(
            IssueIds.TruncatedPem,
            $"{source}: the BEGIN line of a block ('{KnownLabelAtStart(beginLine)}') is damaged: its label does not end with '-----' on the same line; the file may have been flattened to one line or edited. Export it again, or restore its line breaks.",
            source);

        private static CertificateInputException BadBase64(string source, string label) => new CertificateInputException(
            IssueIds.InvalidPemBase64,
            $"{source}: the '{label}' block is not valid base64; the file may have been damaged or edited. Export it again.",
            source);

        internal static CertificateInputException Encrypted(string source) => new CertificateInputException(
            IssueIds.EncryptedPrivateKey,
            $"{source} holds an encrypted private key that cannot be opened here; give its file with -Path, -LiteralPath or -KeyPath together with -Password, and the module decrypts it in memory.",
            source);
    }
}
