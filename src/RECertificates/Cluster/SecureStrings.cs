using System;
using System.Runtime.InteropServices;
using System.Security;

namespace RECertificates
{
    /// <summary>Moves secrets between SecureString and char arrays without ever making a string of them.</summary>
    internal static class SecureStrings
    {
        public static SecureString FromChars(ReadOnlySpan<char> characters)
        {
            var secure = new SecureString();
            foreach (char character in characters)
            {
                secure.AppendChar(character);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>Runs <paramref name="use"/> on the clear characters, then wipes them.</summary>
        public static void WithChars(SecureString secure, CharSpanAction use)
        {
            IntPtr unmanaged = IntPtr.Zero;
            char[] characters = new char[secure.Length];
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secure);
                Marshal.Copy(unmanaged, characters, 0, characters.Length);
                use(characters);
            }
            finally
            {
                if (unmanaged != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
                }

                Array.Clear(characters, 0, characters.Length);
            }
        }

        public delegate void CharSpanAction(ReadOnlySpan<char> characters);
    }
}
