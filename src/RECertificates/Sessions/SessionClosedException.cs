using System;

namespace RECertificates.Sessions
{
    /// <summary>
    /// A session closed by Disconnect-RECluster was used. An <see cref="ObjectDisposedException"/>, as .NET reports
    /// any use of a disposed object (so <c>catch [InvalidOperationException]</c> catches it too), and not an
    /// <see cref="REApiException"/>: no cluster was asked.
    /// </summary>
    internal sealed class SessionClosedException : ObjectDisposedException
    {
        public const string ErrorId = "SessionClosed";

        // This constructor, unlike (objectName), keeps the message as written: no "Object name: ..." is appended.
        public SessionClosedException(string message)
            : base(message, (Exception?)null)
        {
        }
    }
}
