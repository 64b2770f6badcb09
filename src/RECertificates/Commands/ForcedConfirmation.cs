using System.Management.Automation;

namespace RECertificates.Commands
{
    /// <summary>
    /// ShouldProcess with -Force, the way PowerShell users expect it on a ConfirmImpact High cmdlet: -Force skips the
    /// confirmation that the default $ConfirmPreference would ask for, but never -WhatIf (given or through
    /// $WhatIfPreference) and never a -Confirm the user typed.
    /// </summary>
    internal static class ForcedConfirmation
    {
        public static bool ShouldProcess(PSCmdlet cmdlet, bool force, string target, string action)
        {
            if (force && !IsWhatIf(cmdlet) && !Asked(cmdlet, "Confirm"))
            {
                // The same words ShouldProcess would write, so -Verbose shows every change either way.
                cmdlet.WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\" (-Force: not asking).");
                return true;
            }

            return cmdlet.ShouldProcess(target, action);
        }

        private static bool IsWhatIf(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
                ? LanguagePrimitives.IsTrue(given)
                : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

        private static bool Asked(PSCmdlet cmdlet, string parameter) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out object? given) && LanguagePrimitives.IsTrue(given);
    }
}
