using System.Management.Automation;

namespace RECertificates.Loading
{
    /// <summary>
    /// PowerShell calls this when the module is imported and removed. Import only hooks the assembly resolution
    /// events: no dependency is loaded, no HTTP client or service container is built until a cmdlet needs one.
    /// This type, like every public type and every cmdlet's fields, names no type of a dependency: PowerShell
    /// reflects over them before this hook exists.
    /// </summary>
    public sealed class DependencyInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static IDependencyResolver? s_resolver;

        public void OnImport()
        {
            lock (Gate)
            {
                // One resolver per process: the assembly stays loaded after Remove-Module, and so do the dependencies
                // it resolved; a second Import-Module hooks the same resolver (and its load context) again.
                s_resolver ??= Create(DependencyFolder.OfModule());
                s_resolver.Hook();
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                s_resolver?.Unhook();
            }
        }

        private static IDependencyResolver Create(DependencyFolder folder) =>
            (IDependencyResolver?)LoadContextResolver.TryCreate(folder) ?? new AppDomainResolver(folder);
    }
}
