namespace RECertificates.Loading
{
    /// <summary>Resolves the module's dependencies while hooked; one per process, hooked on import, unhooked on removal.</summary>
    internal interface IDependencyResolver
    {
        void Hook();

        void Unhook();
    }
}
