using System;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace RECertificates
{
    /// <summary>
    /// Builds the HTTP Basic header for one request from the SecureString password. The clear text exists
    /// only in arrays wiped right after; the header value itself lives only as long as the request.
    /// </summary>
    internal static class BasicAuthorization
    {
        public static AuthenticationHeaderValue Create(string userName, SecureString password)
        {
            char[]? characters = null;
            byte[]? bytes = null;
            IntPtr unmanaged = IntPtr.Zero;
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(password);
                characters = new char[userName.Length + 1 + password.Length];
                userName.CopyTo(0, characters, 0, userName.Length);
                characters[userName.Length] = ':';
                Marshal.Copy(unmanaged, characters, userName.Length + 1, password.Length);
                bytes = Encoding.UTF8.GetBytes(characters);
                return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(bytes));
            }
            finally
            {
                if (unmanaged != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
                }

                if (characters != null)
                {
                    Array.Clear(characters, 0, characters.Length);
                }

                if (bytes != null)
                {
                    Array.Clear(bytes, 0, bytes.Length);
                }
            }
        }
    }
}
