# The README's first command is the demo: what a new user runs before anything else. It runs here as that user
# meets it, in a fresh pwsh, and must end cleanly: connected, listed, both certificates rotated, the simulator
# stopped, and no error or unexpected warning on the way (a warning in the demo reads as a fault of the tool; the one
# it shows is the reminder every 'proxy' change gets, about Active-Active and Replica Of databases).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    $demo = Join-Path $PSScriptRoot '../tools/Invoke-Demo.ps1'
    # Not redirected inside: the host renders every stream in order, as the user's console would, with its prefixes.
    $script:run = Invoke-FreshPwsh -TimeoutSeconds 300 -Script @"
`$PSStyle.OutputRendering = 'PlainText'
& '$demo' -ModulePath `$env:RECERT_MODULE_PATH
"@
    $script:text = $run.Output + $run.ErrorOutput
}

Describe 'The demo (build.ps1 -Task Demo)' {
    It 'runs to its end and stops the simulator' {
        $run.ExitCode | Should -Be 0 -Because $text
        $text | Should -Match 'Simulator stopped\.'
        $text | Should -Match 'Get-ChildItem \*\.pem \| Set-RECertificate -Force'
    }

    It 'writes no error, and no warning but the reminder after a proxy change' {
        $run.ErrorOutput | Should -BeNullOrEmpty
        $warnings = @(($text -split "`r?`n") | Where-Object { $_ -match '^WARNING:' })
        $warnings.Count | Should -Be 1 -Because ($warnings -join "`n")
        $warnings[0] | Should -Match "^WARNING: 'proxy' replaced on cluster 'demo\.cluster\.local'\. Active-Active databases"
    }

    It 'shows the rotated certificates: new thumbprints for api and proxy, read through the re-pinned session' {
        $before = [regex]::Match($text, '(?s)\nBefore:(.*?)\nAfter \(').Groups[1].Value
        $after = [regex]::Match($text, '(?s)After \(read through.*?\):(.*)').Groups[1].Value
        foreach ($name in 'api', 'proxy') {
            $old = [regex]::Match($before, "(?m)^$name\s.*\s([0-9A-F]{10})").Groups[1].Value
            $new = [regex]::Match($after, "(?m)^$name\s.*\s([0-9A-F]{10})").Groups[1].Value
            $old | Should -Not -BeNullOrEmpty -Because "the table before lists '$name'"
            $new | Should -Not -BeNullOrEmpty -Because "the table after lists '$name'"
            $new | Should -Not -Be $old -Because "'$name' was rotated"
        }
    }
}
