using System;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Builds the HTTP Basic header for one request from the SecureString password. The clear text exists
    /// only in arrays wiped right after; the header value itself lives only as long as the request.
    /// </summary>
    internal static class BasicAuthorization
    {
        public static AuthenticationHeaderValue Create(string userName, SecureString password)
        {
            char[] clearPassword = SecretText.ToChars(password);
            char[] characters = new char[userName.Length + 1 + clearPassword.Length];
            byte[]? bytes = null;
            try
            {
                userName.CopyTo(0, characters, 0, userName.Length);
                characters[userName.Length] = ':';
                clearPassword.CopyTo(characters, userName.Length + 1);
                bytes = Encoding.UTF8.GetBytes(characters);
                return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(bytes));
            }
            finally
            {
                Array.Clear(clearPassword, 0, clearPassword.Length);
                Array.Clear(characters, 0, characters.Length);
                if (bytes != null)
                {
                    Array.Clear(bytes, 0, bytes.Length);
                }
            }
        }
    }
}
