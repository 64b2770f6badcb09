namespace RECertificates
{
    /// <summary>How a session logs in to its cluster.</summary>
    public enum SessionAuthentication
    {
        /// <summary>A user name and password, sent as HTTP Basic with every request.</summary>
        Basic,

        /// <summary>A client certificate presented in the TLS handshake (mutual TLS); no Authorization header.</summary>
        Certificate,
    }
}
