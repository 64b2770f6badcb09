namespace RECertificates.Cluster
{
    /// <summary>
    /// The cluster's permission to read private keys. A user whose role lacks it gets every certificate without its
    /// key and no error, so the module names the permission wherever a missing key would otherwise go unexplained.
    /// </summary>
    internal static class KeyPermission
    {
        /// <summary>The name of the permission, as the cluster's role definitions spell it.</summary>
        public const string Name = "view_cluster_keys";

        /// <summary>What to tell the user: who lacks what, and where it is granted.</summary>
        public static string Advice(string? userName) =>
            $"{(string.IsNullOrEmpty(userName) ? "the user" : $"user '{userName}'")} may lack the permission {Name}, without which a cluster may answer with certificates and no keys";
    }
}
