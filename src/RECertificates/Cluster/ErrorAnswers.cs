namespace RECertificates.Cluster
{
    /// <summary>
    /// The words for an error answer the transport gives up on: a refused login is <see cref="LoginRefusal"/>'s (what
    /// it means depends on how the session logs in), anything else <see cref="StatusMapping"/>'s (what the status means
    /// for that endpoint). A certificate session's 403 to a read of the cluster (<c>GET /v1/cluster</c> is the first call
    /// of Connect-RECluster) is LoginRefusal's too: its words tell what certificate login needs.
    /// </summary>
    internal sealed class ErrorAnswers
    {
        private readonly ClusterConnectionSettings _settings;

        public ErrorAnswers(ClusterConnectionSettings settings)
        {
            _settings = settings;
        }

        /// <param name="attempts">How many times the request was sent, for the messages that count them.</param>
        public REApiException Explain(ClusterRequest request, int status, ClusterErrorBody error, int attempts) =>
            IsRefusedLogin(request.Operation, status)
                ? LoginRefusal.Explain(_settings, status, error, request.Cluster)
                : StatusMapping.ToException(request.Operation, status, error, request.Cluster, request.Subject, _settings.UserName, attempts);

        private bool IsRefusedLogin(ClusterOperation operation, int status) =>
            status == 401 || (status == 403 && _settings.ClientCertificate != null && operation == ClusterOperation.ReadCluster);
    }
}
