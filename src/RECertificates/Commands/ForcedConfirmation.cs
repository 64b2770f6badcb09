using System.Management.Automation;

namespace RECertificates.Commands
{
    /// <summary>
    /// ShouldProcess with -Force, the way PowerShell users expect it on a ConfirmImpact High cmdlet: -Force skips the
    /// confirmation that the default $ConfirmPreference would ask for, but never -WhatIf (given or through
    /// $WhatIfPreference) and never a -Confirm the user typed. One place, for every cmdlet that changes a cluster.
    /// It takes the module's RECmdlet so that its verbose line goes through RECmdlet.WriteVerbose (no -Debug prompt).
    /// </summary>
    internal static class ForcedConfirmation
    {
        /// <summary>The short form: "Performing the operation <paramref name="action"/> on target <paramref name="target"/>".</summary>
        public static bool ShouldProcess(RECmdlet cmdlet, bool force, string target, string action)
        {
            if (SkipsPrompt(cmdlet, force))
            {
                // The same words ShouldProcess would write, so -Verbose shows every change either way.
                cmdlet.WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\" (-Force: not asking).");
                return true;
            }

            return cmdlet.ShouldProcess(target, action);
        }

        /// <summary>The long form: a whole sentence for -WhatIf and -Verbose, a question for the prompt.</summary>
        public static bool ShouldProcess(RECmdlet cmdlet, bool force, string description, string question, string caption)
        {
            if (SkipsPrompt(cmdlet, force))
            {
                cmdlet.WriteVerbose($"{description} (-Force: not asking).");
                return true;
            }

            return cmdlet.ShouldProcess(description, question, caption);
        }

        private static bool SkipsPrompt(PSCmdlet cmdlet, bool force) => force && !IsWhatIf(cmdlet) && !Asked(cmdlet, "Confirm");

        internal static bool IsWhatIf(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
                ? LanguagePrimitives.IsTrue(given)
                : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

        private static bool Asked(PSCmdlet cmdlet, string parameter) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out object? given) && LanguagePrimitives.IsTrue(given);
    }
}
