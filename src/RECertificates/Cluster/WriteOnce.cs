using System;
using System.Net.Http;

namespace RECertificates
{
    /// <summary>
    /// Shapes a write so that the HTTP stack itself never sends it twice. .NET's SocketsHttpHandler (.NET 6 and
    /// later, .NET 8 and 10 included) silently re-sends a request when the server closes the connection before any
    /// byte of the answer, provided the request has no body or waits for "100 Continue" (dotnet/runtime#86714;
    /// since .NET 6 it does so on new connections too, not only pooled ones). A DELETE has no body, so a cluster that
    /// applied it and then dropped the connection got it twice, and the second one's 404 was reported as a failure.
    /// So every write carries a body (an empty one for a DELETE, sent as "Content-Length: 0") and never asks for
    /// 100 Continue; the handler then reports the lost answer instead of re-sending. "Connection: close" keeps the
    /// connection of a write from being reused: a certificate change may restart the service that answered, and the
    /// read-back after a lost answer must start on a fresh connection.
    /// </summary>
    internal static class WriteOnce
    {
        public static void Prepare(HttpRequestMessage request)
        {
            if (request.Content == null)
            {
                request.Content = new ByteArrayContent(Array.Empty<byte>());
            }

            request.Headers.ExpectContinue = false;
            request.Headers.ConnectionClose = true;
        }
    }
}
