using System;
using System.Net.Http;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Shapes a write so that the HTTP stack itself never sends it twice. .NET's SocketsHttpHandler (.NET 6 and
    /// later, so PowerShell 7.4's .NET 8 and 7.6's .NET 10) silently re-sends a request, up to three times, when the
    /// server closes the connection in order before any byte of the answer, provided the request has no body or
    /// waits for "100 Continue" (dotnet/runtime#86714, still open; the retry is decided per request, not only for
    /// stale pooled connections). A DELETE has no body, so a cluster that applied it and then closed the connection
    /// got it twice, and the second one's 404 was reported as a failure (tests/Outcomes.Tests.ps1 shows it).
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
