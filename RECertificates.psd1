@{
    # The one source of the module's version: the assembly version and the package are stamped from it.
    ModuleVersion          = '0.1.0'
    RootModule             = 'RECertificates.dll'
    GUID                   = '6b0f4f7e-2d0a-4e52-9c1b-5f3d8e2a7c41'
    Author                 = 'RECertificates contributors'
    CompanyName            = 'RECertificates'
    Copyright              = '(c) RECertificates contributors. MIT License.'
    Description            = 'Manage the TLS certificates of Redis Enterprise Software clusters through their REST API: list them with their expiry, rotate them safely (validated locally, all or nothing, -WhatIf that tells the truth), copy them between clusters, from a console, a pipeline or a scheduled task.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('RECertificates.format.ps1xml')
    TypesToProcess         = @('RECertificates.types.ps1xml')
    CmdletsToExport        = @(
        'Connect-RECluster'
        'Disconnect-RECluster'
        'Get-RECertificate'
        'Set-RECertificate'
        'Remove-RECertificate'
        'Update-RECertificateLegacy'
        'Test-RECertificate'
        'New-RECertificateRequest'
        'Export-RECertificate'
        'Export-RECertificateReport'
        'Get-REServedCertificate'
        'Update-REInternalCertificate'
        'Get-RECertificatePolicy'
        'Set-RECertificatePolicy'
        'Invoke-RECertificateRenewal'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Redis', 'RedisEnterprise', 'Certificate', 'TLS', 'SSL', 'X509', 'PKI', 'Rotation', 'REST', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/recertificates/RECertificates'
            LicenseUri   = 'https://github.com/recertificates/RECertificates/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: the first release. Connect to Redis Enterprise clusters, list their certificates with their expiry, rotate them validated locally and all or nothing, copy them between clusters. Full history: https://github.com/recertificates/RECertificates/blob/main/CHANGELOG.md'
        }
    }
}
