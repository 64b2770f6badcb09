namespace RECertificates.Serving
{
    /// <summary>The stable ErrorIds of what the nodes serve. Scripts match on these strings, so an id is never renamed.</summary>
    internal static class ServingIds
    {
        /// <summary>-Verify: a node still serves another certificate when the time is up.</summary>
        public const string NotServed = nameof(NotServed);
    }
}
