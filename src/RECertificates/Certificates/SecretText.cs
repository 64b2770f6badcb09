using System;
using System.Runtime.InteropServices;
using System.Security;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Moves private-key text between <see cref="SecureString"/> and character arrays the caller clears,
    /// without ever making it a <see cref="string"/> (strings cannot be wiped and linger until collected).
    /// </summary>
    internal static class SecretText
    {
        public static SecureString ToSecureString(ReadOnlySpan<char> text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>Copies the secret out; the caller must <c>Array.Clear</c> the result when done.</summary>
        public static char[] ToChars(SecureString secure)
        {
            char[] chars = new char[secure.Length];
            IntPtr buffer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                Marshal.Copy(buffer, chars, 0, chars.Length);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(buffer);
            }

            return chars;
        }

        /// <summary>Runs <paramref name="use"/> on the clear characters, then wipes them.</summary>
        public static void WithChars(SecureString secure, CharSpanAction use)
        {
            char[] chars = ToChars(secure);
            try
            {
                use(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>
        /// Runs <paramref name="use"/> on the clear characters of an optional secret (null when none was given), then
        /// wipes them: a password that a cmdlet hands to file writers.
        /// </summary>
        public static T WithOptionalChars<T>(SecureString? secure, Func<char[]?, T> use)
        {
            char[]? chars = secure == null ? null : ToChars(secure);
            try
            {
                return use(chars);
            }
            finally
            {
                if (chars != null)
                {
                    Array.Clear(chars, 0, chars.Length);
                }
            }
        }

        public delegate void CharSpanAction(ReadOnlySpan<char> characters);
    }
}
