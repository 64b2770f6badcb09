namespace RECertificates.Hosting
{
    /// <summary>Progress activity ids, one per kind of long work, so bars do not overwrite each other.</summary>
    internal static class ActivityIds
    {
        public const int FanOut = 0x5245_0001;
        public const int Files = 0x5245_0002;
        public const int Batch = 0x5245_0003;
        public const int Wait = 0x5245_0004;
    }
}
