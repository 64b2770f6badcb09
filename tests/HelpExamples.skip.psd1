# The one list tests/HelpExamples.Tests.ps1 reads. Every example of every page under docs/en-US runs against the
# simulator, except those under Skip, each named by page and number with why. ExpectedErrors names the examples
# that show a refusal on purpose, with the ErrorIds they must produce (and no other error). The test fails if an
# entry names an example that does not exist, so a renumbered page cannot hide one.
@{
    Skip           = @{
        'Connect-RECluster'          = @{
            3 = 'Registers a Windows scheduled task (New-ScheduledTaskAction, Register-ScheduledTask) and stores a DPAPI credential file.'
            4 = 'Reads a client certificate from the Cert:\ drive (Windows certificate store); client-certificate login is tested in tests/CertificateLogin.Tests.ps1.'
            5 = 'Connects through an HTTP proxy (proxy.contoso.com), which does not exist here.'
        }
        'Set-RECertificate'          = @{
            3 = 'Reads certificates from a UNC share (\\pki.contoso.com) in a scheduled task; the same pipeline runs in Set-RECertificate example 1.'
            8 = 'Reads from the Cert:\LocalMachine\My store (Windows certificate store).'
            9 = 'Needs the Posh-ACME module (Get-PACertificate) and its ACME account.'
        }
        'Test-RECertificate'         = @{
            5 = 'Reads from the Cert:\LocalMachine\My store and needs the Posh-ACME module (Get-PACertificate).'
        }
        'Update-RECertificateLegacy' = @{
            5 = 'Reads from the Cert:\LocalMachine\My store (Windows certificate store).'
        }
    }
    ExpectedErrors = @{
        'New-RECertificateRequest' = @{
            4 = @('KeyAlgorithmNotAllowed')
        }
        'Set-RECertificate'        = @{
            13 = @('CertificateNameMismatch', 'NothingSent')
        }
    }
}
