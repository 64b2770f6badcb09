# What a new user met on a first try (issue 23, items 11 to 15): completion that offered what it then refused, a
# viewer's silent lack of keys, tables cut to nothing at 80 columns, -PassThru files without their columns, and
# small ones (the Trust of a -SkipCertificateCheck session, "Replace A -> A", a leaf without its issuer).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator -ArgumentList '--viewer-user', 'viewer@example.com', '--viewer-password', 'View3r!pw'
    $script:viewer = [pscredential]::new('viewer@example.com', (ConvertTo-SecureString 'View3r!pw' -AsPlainText -Force))
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('recert-firsttry-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    $script:ldap = New-RETestCertificate -Subject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'
    Set-RESimulatorCertificate $sim @{ ldap_client_cert = $ldap.CertificatePem; ldap_client_key = $ldap.KeyPem }

    function Get-Completion([string] $InputScript) {
        @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches.CompletionText)
    }
    function Get-Row([string] $Text, [string] $Name) { ($Text -split "`r?`n") | Where-Object { $_ -match "^$Name\s" } | Select-Object -First 1 }
    $script:originalRendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'
}

AfterAll {
    $PSStyle.OutputRendering = $originalRendering
    Disconnect-RECluster -ErrorAction SilentlyContinue
    $sim | Stop-RESimulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Completion offers only what the command accepts (item 11)' {
    BeforeAll { $script:session = Connect-RETestCluster $sim }

    It 'Remove-RECertificate -Name offers no certificate the cluster makes itself, which it would refuse' {
        Get-Completion 'Remove-RECertificate -Name ' | Should -Be @('ldap_client')
        Get-Completion 'Remove-RECertificate ' | Should -Be @('ldap_client')
        Get-Completion 'Get-RECertificate -Name pr' | Should -Be @('proxy') -Because 'reading a required certificate is fine'
    }

    It 'does not offer a name already typed in the same list' {
        $offered = Get-Completion 'Get-RECertificate -Name proxy,'
        $offered | Should -Not -Contain 'proxy'
        $offered | Should -Contain 'api'
        $offered = Get-Completion 'Get-RECertificate proxy, api, '
        $offered | Should -Not -Contain 'proxy'
        $offered | Should -Not -Contain 'api'
        $offered | Should -Contain 'cm'
        Get-Completion 'Get-RECertificate -Name proxy,ap' | Should -Be @('api')
        Get-Completion 'Get-RECertificate -Name proxy' | Should -Be @('proxy') -Because 'the word being completed is not already typed'
        Get-Completion 'Remove-RECertificate -Name ldap_client,' | Should -BeNullOrEmpty
    }
}

Describe 'A viewer''s session says why keys are missing (item 12)' {
    BeforeAll { $script:viewerSession = Connect-RECluster $sim.Url -Credential $viewer -CertificateThumbprint $sim.Thumbprint -NoDefault }
    AfterAll { $viewerSession | Disconnect-RECluster }

    It 'Get-RECertificate -IncludePrivateKey warns, naming the permission, when the keys do not come' {
        $certificates = @(Get-RECertificate -Session $viewerSession -Name proxy, ldap_client -IncludePrivateKey -WarningVariable warnings -WarningAction SilentlyContinue)
        $certificates.Count | Should -Be 2
        $certificates | Where-Object PrivateKey | Should -BeNullOrEmpty
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike '*ldap_client, proxy*viewer@example.com*view_cluster_keys*'
        "$($warnings[0])" | Should -BeLike '*view_cluster_keys*'
    }

    It 'an admin''s -IncludePrivateKey has no such warning' {
        $null = Get-RECertificate -Session (Connect-RETestCluster $sim -NoDefault) -IncludePrivateKey -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -BeNullOrEmpty
    }

    It '-BackupPath fails naming the permission, not the folder' {
        $folder = Join-Path $work 'viewer-backup'
        Clear-RESimulatorRequest $sim
        Remove-RECertificate -Session $viewerSession -Name ldap_client -BackupPath $folder -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupFailed,*'
        $failures[0].Exception.Message | Should -BeLike '*view_cluster_keys*'
        $failures[0].Exception.Message | Should -Not -BeLike '*fix the backup folder*'
        @(Get-RESimulatorRequest $sim -Write) | Should -BeNullOrEmpty
    }
}

Describe 'Default views at 80 and 120 columns, and the list fallback (item 13)' {
    BeforeAll {
        $script:session = Connect-RETestCluster $sim
        $script:certificates = @(Get-RECertificate)
        $script:internode = $certificates | Where-Object Name -eq 'data_internode_encryption'
    }

    It 'Get-RECertificate at 80 columns: the whole longest name, the date, the common name and the thumbprint''s start' {
        $row = Get-Row ($certificates | Format-Table | Out-String -Width 80) 'data_internode_encryption'
        $row | Should -Match ([regex]::Escape($internode.NotAfter.ToString('yyyy-MM-dd')))
        $row | Should -Match 'CN=cluster\.local\s'
        $row | Should -Match ([regex]::Escape($internode.Thumbprint.Substring(0, 10)))
        $row.Length | Should -BeLessOrEqual 80
    }

    It 'Get-RECertificate at 120 columns: the whole thumbprint' {
        $row = Get-Row ($certificates | Format-Table | Out-String -Width 120) 'data_internode_encryption'
        $row | Should -Match "$($internode.Thumbprint)\s*$"
    }

    It 'Test-RECertificate and New-RECertificateRequest show paths under the current location relative to it' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $work 'a-rather-long-folder-name-for-certificates')
        Push-Location $folder
        try {
            $chain = New-RETestChain -LeafSubject 'CN=cluster.local' -DnsName 'cluster.local', '*.cluster.local'
            $null = Write-RETestPem $folder 'metrics_exporter.pem' ($chain.ChainPem + $chain.KeyPem)
            $text = Test-RECertificate -Path ./metrics_exporter.pem | Format-Table | Out-String -Width 80
            Get-Row $text 'metrics_exporter' | Should -Match ([regex]::Escape((Join-Path '.' 'metrics_exporter.pem')))
            $request = New-RECertificateRequest -Name syncer -Session $session
            Get-Row ($request | Format-Table | Out-String -Width 80) 'syncer' | Should -Match ([regex]::Escape((Join-Path '.' 'syncer.csr')))
            Get-Row ($request | Format-Table | Out-String -Width 120) 'syncer' | Should -Match 'CN=cluster\.local'
        }
        finally { Pop-Location }
    }

    It 'the session table keeps the trust at 80 columns and says "skipped" for -SkipCertificateCheck (item 15)' {
        $skipped = Connect-RECluster $sim.Url -Credential $sim.Credential -SkipCertificateCheck -NoDefault -WarningAction SilentlyContinue
        $text = $skipped | Format-Table | Out-String -Width 80
        $text | Should -Match 'cluster\.local\s+7\.22\.2-54\s+admin@example\.com\s+skipped\s+True\s+https://'
        $skipped | Disconnect-RECluster
    }

    It 'every output type has a default display property set, so a list fallback prints a few lines' {
        $types = Get-Command -Module RECertificates | ForEach-Object OutputType | ForEach-Object Type |
            Where-Object { $_ -and $_.Namespace -eq 'RECertificates' } | Sort-Object FullName -Unique
        $types.Count | Should -BeGreaterThan 3
        foreach ($type in $types) {
            (Get-TypeData $type.FullName).DefaultDisplayPropertySet | Should -Not -BeNullOrEmpty -Because "$($type.FullName) is a cmdlet's output"
        }
        # What a script prints when another type came first: PowerShell lists the later objects.
        $result = Invoke-FreshPwsh -Script @"
Import-Module '$((Get-RETestPath).Module)'
`$PSStyle.OutputRendering = 'PlainText'
`$s = Connect-RECluster '$($sim.Url)' -Credential ([pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))) -CertificateThumbprint '$($sim.Thumbprint)'
Get-Item -LiteralPath '$work'
Get-RECertificate api
"@
        $result.ExitCode | Should -Be 0 -Because $result.ErrorOutput
        $result.Output | Should -Match 'Name\s*: api'
        $result.Output | Should -Match 'Thumbprint\s*: [0-9A-F]{40}'
        $result.Output | Should -Not -Match 'BEGIN CERTIFICATE'
        @($result.Output -split "`n" | Where-Object { $_.Trim() }).Count | Should -BeLessThan 20
    }
}

Describe '-PassThru emits the provider''s items (item 14)' {
    BeforeAll { $script:session = Connect-RETestCluster $sim }

    It 'Export-RECertificate and Export-RECertificateReport give what Get-Item gives: Mode and Length show' {
        $files = @(Get-RECertificate ldap_client -IncludePrivateKey | Export-RECertificate -Path (Join-Path $work 'export') -PassThru)
        $files.Count | Should -Be 2
        $report = Get-RECertificate | Export-RECertificateReport -Path (Join-Path $work 'report.html') -PassThru
        foreach ($file in $files + $report) {
            $file.PSProvider.Name | Should -Be 'FileSystem'
            $file.PSPath | Should -Not -BeNullOrEmpty
            $file.PSParentPath | Should -Not -BeNullOrEmpty
        }
        $text = $files | Format-Table | Out-String -Width 120
        $text | Should -Match 'ldap_client\.key'
        $expected = Get-Item -LiteralPath $files[0].FullName | Format-Table | Out-String -Width 120
        $text | Should -Match ([regex]::Escape(($expected -split "`r?`n" | Where-Object { $_ -match 'ldap_client\.' } | Select-Object -First 1).TrimEnd()))
    }
}

Describe 'Small ones (item 15)' {
    BeforeAll { $script:session = Connect-RETestCluster $sim }

    It 'a certificate object identical to what the cluster holds is unchanged, though its stores lack the issuer' {
        $chain = New-RETestChain -LeafSubject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $chain.ChainPem; ldap_client_key = $chain.KeyPem }
        Clear-RESimulatorRequest $sim
        $verbose = $chain.Leaf.Certificate | Set-RECertificate -Name ldap_client -Force -Verbose -WarningAction SilentlyContinue 4>&1 | Out-String
        $verbose | Should -BeLike "*'ldap_client'*is unchanged*"
        $verbose | Should -Not -BeLike '*Replace*'
        @(Get-RESimulatorRequest $sim -Write) | Should -BeNullOrEmpty -Because 'sending it would only drop the intermediate the cluster holds'
    }

    It 'a leaf given alone with a different chain says what changes, not "Replace A -> A"' {
        $chain = New-RETestChain -LeafSubject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $chain.ChainPem; ldap_client_key = $chain.KeyPem }
        $null = Write-RETestPem $work 'ldap_client.pem' ($chain.Leaf.CertificatePem + $chain.KeyPem)
        $plan = Set-RECertificate -Path (Join-Path $work 'ldap_client.pem') -Force -Verbose -WarningAction SilentlyContinue 4>&1 | Out-String
        $plan | Should -BeLike "*Replace the chain of certificate 'ldap_client'*the same certificate*$($chain.Leaf.Thumbprint)*1 issuer -> no issuer*"
    }

    It 'Test-RECertificate warns about a leaf whose issuer is neither in the file nor trusted, saying what clients will see' {
        $chain = New-RETestChain -LeafSubject 'CN=cluster.local' -DnsName 'cluster.local', '*.cluster.local'
        $path = Write-RETestPem $work 'syncer.pem' ($chain.Leaf.CertificatePem + $chain.KeyPem)
        $result = Test-RECertificate -Path $path
        $result.IsValid | Should -BeTrue -Because 'the cluster accepts it'
        @($result.Warnings) -join "`n" | Should -BeLike "*incomplete*RECertificates Test Intermediate CA*unable to get local issuer certificate*"
        $result.ErrorIds | Should -Not -Contain 'ChainIncomplete'
        $whole = Write-RETestPem $work 'cm.pem' ($chain.ChainPem + $chain.KeyPem)
        @((Test-RECertificate -Path $whole).Warnings) -join "`n" | Should -Not -BeLike '*incomplete*' -Because 'the file holds the intermediate'
    }
}
