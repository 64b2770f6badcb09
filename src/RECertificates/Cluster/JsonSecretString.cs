using System;
using System.Text.Json;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Writes a secret (a PEM private key) as a JSON string value without handing its characters to
    /// <see cref="Utf8JsonWriter"/>'s own escaping, which copies them through pooled buffers that are returned
    /// uncleared. The escaped UTF-8 is built in an array of ours, wiped right after the writer has copied it into
    /// the request body (itself a <see cref="ClearingBufferWriter"/>).
    /// </summary>
    internal static class JsonSecretString
    {
        public static void WriteValue(Utf8JsonWriter writer, ReadOnlySpan<char> secret)
        {
            byte[] escaped = new byte[EscapedLength(secret)];
            try
            {
                Escape(secret, escaped);
                writer.WriteRawValue(escaped, skipInputValidation: true);
            }
            finally
            {
                Array.Clear(escaped, 0, escaped.Length);
            }
        }

        /// <summary>The quoted, escaped value: '"' and '\' escaped, control characters and anything not ASCII as \uXXXX.</summary>
        internal static int Escape(ReadOnlySpan<char> value, Span<byte> destination)
        {
            int at = 0;
            destination[at++] = (byte)'"';
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': destination[at++] = (byte)'\\'; destination[at++] = (byte)'"'; break;
                    case '\\': destination[at++] = (byte)'\\'; destination[at++] = (byte)'\\'; break;
                    case '\n': destination[at++] = (byte)'\\'; destination[at++] = (byte)'n'; break;
                    case '\r': destination[at++] = (byte)'\\'; destination[at++] = (byte)'r'; break;
                    case '\t': destination[at++] = (byte)'\\'; destination[at++] = (byte)'t'; break;
                    default:
                        if (c < ' ' || c > '~')
                        {
                            destination[at++] = (byte)'\\';
                            destination[at++] = (byte)'u';
                            destination[at++] = Hex(c >> 12);
                            destination[at++] = Hex(c >> 8);
                            destination[at++] = Hex(c >> 4);
                            destination[at++] = Hex(c);
                        }
                        else
                        {
                            destination[at++] = (byte)c;
                        }

                        break;
                }
            }

            destination[at++] = (byte)'"';
            return at;
        }

        internal static int EscapedLength(ReadOnlySpan<char> value)
        {
            int length = 2;
            foreach (char c in value)
            {
                length += c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' ? 2 : c < ' ' || c > '~' ? 6 : 1;
            }

            return length;
        }

        private static byte Hex(int nibble) => (byte)"0123456789ABCDEF"[nibble & 0xF];
    }
}
