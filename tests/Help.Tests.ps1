# Help never drifts from the code: every exported cmdlet has a real help page whose parameters, parameter sets,
# syntax, examples and output types agree with what the built module declares; no page exists for a cmdlet the
# module does not export; Get-Help shows the page's text. The last Describe proves the checker itself catches a
# parameter added without docs, on a throwaway cmdlet.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:exported = @(Get-Command -Module RECertificates -CommandType Cmdlet | Sort-Object Name | ForEach-Object Name)
    $docs = Join-Path (Get-RETestPath).Root 'docs/en-US'
    # Cmdlet pages only: not about_ topics, not the module page (which has no 'external help file').
    $script:cmdletPages = @(Get-ChildItem -LiteralPath $docs -Filter '*.md' |
            Where-Object { $_.Name -notlike 'about_*' -and (Get-Content -LiteralPath $_.FullName -TotalCount 5) -match '^external help file:' } |
            ForEach-Object { @{ Name = $_.BaseName; Path = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    . (Join-Path $PSScriptRoot 'TestHelpers/HelpDrift.ps1')
    $script:docs = Join-Path (Get-RETestPath).Root 'docs/en-US'

    function Get-Squeezed([string] $Text) {
        # Get-Help wraps text at the console width: compare without any whitespace.
        ($Text -replace '\s+', '')
    }
}

Describe 'Help of <_>' -ForEach $exported {
    BeforeAll {
        $script:command = Get-Command -Module RECertificates -Name $_
        $script:pagePath = Join-Path $docs "$_.md"
        $script:page = if (Test-Path -LiteralPath $pagePath) { Read-HelpMarkdown -Path $pagePath }
    }

    It 'has a page in docs/en-US' {
        $pagePath | Should -Exist
    }

    It 'is real help, not the generated stub (synopsis, description, three examples, every parameter described)' {
        Get-HelpStubProblem -Command $command -Page $page | Should -BeNullOrEmpty
    }

    It 'documents every parameter with the type, sets, aliases, required, position, pipeline input and wildcards of the code, and nothing the code lacks' {
        Get-HelpParameterProblem -Command $command -Page $page | Should -BeNullOrEmpty
    }

    It 'shows the syntax of every parameter set as the code declares it' {
        Get-HelpSyntaxProblem -Command $command -Page $page | Should -BeNullOrEmpty
    }

    It 'has examples that parse and use only real commands and parameters' {
        Get-HelpExampleProblem -Page $page -ModuleName RECertificates -NounPrefix RE | Should -BeNullOrEmpty
    }

    It 'names the output types the cmdlet declares' {
        Get-HelpOutputProblem -Command $command -Page $page | Should -BeNullOrEmpty
    }
}

Describe 'The help pages in docs/en-US' {
    It '<Name>.md documents a cmdlet the module exports' -ForEach $cmdletPages {
        $exported = @(Get-Command -Module RECertificates -CommandType Cmdlet | ForEach-Object Name)
        $Name | Should -BeIn $exported -Because "docs/en-US/$Name.md documents it, so the built module must export it"
    }

    It 'has a module page that lists every exported cmdlet with the synopsis of its page' {
        $modulePage = Get-Content -LiteralPath (Join-Path $docs 'RECertificates.md') -Raw
        foreach ($command in Get-Command -Module RECertificates -CommandType Cmdlet) {
            $page = Read-HelpMarkdown -Path (Join-Path $docs "$($command.Name).md")
            $modulePage | Should -Match ([regex]::Escape("### [$($command.Name)]($($command.Name).md)") + '\r?\n' + [regex]::Escape($page.Synopsis))
        }
    }

    It 'links only to pages that exist, from <Name>.md' -ForEach $cmdletPages {
        foreach ($link in (Read-HelpMarkdown -Path $Path).RelatedLinks | Where-Object Uri -like '*.md') {
            Join-Path $docs $link.Uri | Should -Exist
        }
    }

    It 'never shows a private key read with Read-Host, in <_>' -ForEach @((Get-ChildItem -LiteralPath (Join-Path (Get-RETestPath).Root 'docs/en-US') -Filter '*.md').FullName + (Join-Path (Get-RETestPath).Root 'README.md')) {
        # Read-Host reads one line: the other lines of a pasted PEM key run as commands and go to the history file.
        # A key's password or passphrase is one line, and reading it with Read-Host -AsSecureString is right.
        $inCode = $false
        $offending = foreach ($line in Get-Content -LiteralPath $_) {
            if ($line -match '^\s*```') { $inCode = -not $inCode; continue }
            if ($inCode -and $line -match 'Read-Host' -and $line -match '(?i)key' -and $line -notmatch '(?i)pass(word|phrase)') { $line }
        }
        $offending | Should -BeNullOrEmpty -Because "an example in $_ reads a key with Read-Host"
    }

    It 'has an about_RECertificates topic with the concepts a rotation depends on' {
        $topic = Read-AboutMarkdown -Path (Join-Path $docs 'about_RECertificates.md')
        $titles = @($topic.Sections.Subsections.Title)
        foreach ($concept in 'Sessions and the default session', 'Trust and pinning', 'File names', 'All-or-nothing updates and -WhatIf', 'Retries, and what is never retried', 'What a rotation needs afterwards') {
            $titles | Should -Contain $concept
        }
        $text = Get-Content -LiteralPath $topic.Path -Raw
        $text | Should -Match 'crdb-cli crdb update --crdb-guid <GUID> --force'
        $text | Should -Match 'Replica Of'
    }
}

Describe 'Get-Help in a fresh pwsh' {
    BeforeAll {
        # One fresh process reads the help of every exported cmdlet, the way a user's new console would.
        $script:shown = Invoke-FreshPwsh -Script @'
$ErrorActionPreference = 'Stop'
Import-Module $env:RECERT_MODULE_PATH
$commands = foreach ($command in Get-Command -Module RECertificates -CommandType Cmdlet) {
    $help = Get-Help $command.Name -Full
    $parameters = foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters }) {
        [pscustomobject]@{ Name = $name; Text = Get-Help $command.Name -Parameter $name | Out-String -Width 120 }
    }
    [pscustomobject]@{
        Name       = $command.Name
        Synopsis   = $help.Synopsis
        Full       = $help | Out-String -Width 120
        Examples   = Get-Help $command.Name -Examples | Out-String -Width 120
        Codes      = @($help.examples.example | ForEach-Object code)
        Parameters = @($parameters)
    }
}
[pscustomobject]@{ Commands = @($commands); About = (Get-Help about_RECertificates | Out-String -Width 120) } | ConvertTo-Json -Depth 5 -Compress
'@
        $script:help = $shown.Output | ConvertFrom-Json
    }

    It 'runs' {
        $shown.ExitCode | Should -Be 0 -Because $shown.ErrorOutput
    }

    It 'shows the page of <_>: synopsis, description, syntax, every example, every parameter' -ForEach $exported {
        $page = Read-HelpMarkdown -Path (Join-Path $docs "$_.md")
        $shownCommand = $help.Commands | Where-Object Name -eq $_
        $shownCommand.Synopsis | Should -Be (ConvertTo-HelpText $page.Synopsis)

        $full = Get-Squeezed $shownCommand.Full
        $description = Get-Squeezed (ConvertTo-HelpText $page.Description[0].Text)
        $full.Contains($description) | Should -BeTrue -Because "Get-Help $_ -Full must show the description's first paragraph"
        foreach ($syntax in $page.Syntax) {
            # The syntax PowerShell renders from the MAML names the same parameters in the same order.
            $names = [regex]::Matches($syntax.Text, '(?<![\w<])-(\w+)') | ForEach-Object { $_.Groups[1].Value }
            $full | Should -Match ('(?s)' + (($names | ForEach-Object { "-$_\b" }) -join '.*')) -Because "Get-Help $_ -Full must show the syntax of set '$($syntax.SetName)'"
        }

        @($shownCommand.Codes).Count | Should -Be $page.Examples.Count
        $examples = Get-Squeezed $shownCommand.Examples
        foreach ($example in $page.Examples) {
            foreach ($snippet in $example.Title, ($example.Script -split "`n")[0], (ConvertTo-HelpText $example.Remarks[0].Text)) {
                $examples.Contains((Get-Squeezed $snippet)) | Should -BeTrue -Because "Get-Help $_ -Examples must show '$snippet'"
            }
        }

        foreach ($parameter in $page.Parameters) {
            $text = ($shownCommand.Parameters | Where-Object Name -eq $parameter.Name).Text
            $text | Should -Not -BeNullOrEmpty -Because "Get-Help $_ -Parameter $($parameter.Name) must find it"
            $first = ConvertTo-HelpText $parameter.Description[0].Text
            (Get-Squeezed $text).Contains((Get-Squeezed $first)) | Should -BeTrue -Because "Get-Help $_ -Parameter $($parameter.Name) must show '$first'"
            $block = $parameter.Blocks[0]
            $text | Should -Match ('Accept wildcard characters\?\s+' + $block.WildcardCharacters)
            $text | Should -Match ('Required\?\s+' + $block.Required)
            $text | Should -Match ('Accept pipeline input\?\s+' + [regex]::Escape($block.PipelineInput))
        }
    }

    It 'shows about_RECertificates' {
        $help.About | Should -Match 'SHORT DESCRIPTION'
        $help.About | Should -Match 'Sessions and the default session'
        $help.About | Should -Match 'crdb-cli crdb update'
    }
}

Describe 'The help drift checker' {
    BeforeAll {
        # A throwaway cmdlet, compiled like the module's: two parameter sets, a wildcard parameter, pipeline input,
        # an alias, and -Extra, the parameter 'added later' that the old page does not know.
        $assembly = Join-Path $TestDrive 'DriftProbe.dll'
        Add-Type -OutputAssembly $assembly -OutputType Library -TypeDefinition @'
using System.Management.Automation;
namespace DriftProbe
{
    [Cmdlet(VerbsCommon.Get, "DriftProbe", DefaultParameterSetName = "ByName")]
    [OutputType(typeof(string))]
    public sealed class GetDriftProbeCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName", ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ById", ValueFromPipeline = true)]
        public int Id { get; set; }

        [Parameter]
        [Alias("Max")]
        public int Limit { get; set; }

        [Parameter]
        public SwitchParameter Extra { get; set; }

        protected override void ProcessRecord() => WriteObject("probe");
    }
}
'@
        $script:probeModule = Import-Module $assembly -PassThru
        $script:probe = Get-Command -Module $probeModule.Name -Name Get-DriftProbe

        $yaml = {
            param($type, $sets, $aliases, $required, $position, $pipeline, $wildcards)
            "``````yaml`nType: $type`nParameter Sets: $sets`nAliases: $aliases`n`nRequired: $required`nPosition: $position`nDefault value: None`nAccept pipeline input: $pipeline`nAccept wildcard characters: $wildcards`n``````"
        }
        # The complete page; the tests cut or change it to what a page that drifted would say.
        $script:completePage = @"
---
external help file: $($probe.HelpFile)
Module Name: $($probe.ModuleName)
online version:
schema: 2.0.0
---

# Get-DriftProbe

## SYNOPSIS
Gets a probe, to test the help drift checker.

## SYNTAX

### ByName (Default)
``````
Get-DriftProbe [-Name] <String[]> [-Limit <Int32>] [-Extra] [<CommonParameters>]
``````

### ById
``````
Get-DriftProbe -Id <Int32> [-Limit <Int32>] [-Extra] [<CommonParameters>]
``````

## DESCRIPTION
Writes the word probe.

## EXAMPLES

### Example 1: By name
``````powershell
Get-DriftProbe -Name 'pro*'
``````

Gets the probe by a wildcard name.

### Example 2: By id, with the alias of -Limit
``````powershell
Get-DriftProbe -Id 3 -Max 2
``````

Uses the alias Max.

### Example 3: From the pipeline
``````powershell
1, 2 | Get-DriftProbe -Limit 1 | Select-Object -First 1
``````

Pipes ids.

## PARAMETERS

### -Extra
Adds nothing.

$(& $yaml 'SwitchParameter' '(All)' '' 'False' 'Named' 'False' 'False')

### -Id
The id.

$(& $yaml 'Int32' 'ById' '' 'True' 'Named' 'True (ByValue)' 'False')

### -Limit
The limit.

$(& $yaml 'Int32' '(All)' 'Max' 'False' 'Named' 'False' 'False')

### -Name
The name.

$(& $yaml 'String[]' 'ByName' '' 'True' '0' 'True (ByPropertyName)' 'True')

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.Int32

## OUTPUTS

### System.String

## NOTES

## RELATED LINKS
"@

        function Get-ProbeProblem([string] $Markdown) {
            $path = Join-Path $TestDrive 'Get-DriftProbe.md'
            Set-Content -LiteralPath $path -Value $Markdown -Encoding utf8
            $page = Read-HelpMarkdown -Path $path
            @(Get-HelpDriftProblem -Command $probe -Page $page -NounPrefix DriftProbe)
        }
    }

    AfterAll { Remove-Module $probeModule -ErrorAction Ignore }

    It 'finds nothing wrong with a complete page (so a failure elsewhere means drift, not a checker that always complains)' {
        Get-ProbeProblem $completePage | Should -BeNullOrEmpty
    }

    It 'reports a parameter added to the code without docs' {
        # The page as it was before -Extra was added: no '### -Extra' and no [-Extra] in the syntax.
        $before = $completePage -replace '(?s)### -Extra.*?(?=### -Id)', '' -replace ' \[-Extra\]', ''
        $problems = Get-ProbeProblem $before
        $problems | Should -Contain 'Get-DriftProbe.md: parameter -Extra is not documented (no ''### -Extra'' under PARAMETERS).'
        $problems | Should -Contain "Get-DriftProbe.md: the syntax of set 'ByName' lacks '[-Extra]'."
        $problems | Should -Contain "Get-DriftProbe.md: the syntax of set 'ById' lacks '[-Extra]'."
        $problems.Count | Should -Be 3 -Because ($problems -join "`n")
    }

    It 'reports <Drift>' -ForEach @(
        @{ Drift = 'a documented parameter the code lacks'; Find = '### -Id'; Replace = "### -Ghost`nA ghost.`n`n$('```')yaml`nType: String`nParameter Sets: (All)`nAliases:`n`nRequired: False`nPosition: Named`nDefault value: None`nAccept pipeline input: False`nAccept wildcard characters: False`n$('```')`n`n### -Id"; Expected = '*-Ghost is documented, but the cmdlet has no such parameter*' }
        @{ Drift = 'a wrong position'; Find = 'Position: 0'; Replace = 'Position: 1'; Expected = '*-Name*Position: 1; the code says 0*' }
        @{ Drift = 'a wrong type'; Find = "Type: Int32`nParameter Sets: ById"; Replace = "Type: String`nParameter Sets: ById"; Expected = "*-Id*type 'String'; the code says 'Int32'*" }
        @{ Drift = 'a wrong required flag'; Find = "ById`nAliases: `n`nRequired: True"; Replace = "ById`nAliases: `n`nRequired: False"; Expected = '*-Id*Required: False; the code says True*' }
        @{ Drift = 'pipeline input the code does not accept'; Find = 'Accept pipeline input: True (ByPropertyName)'; Replace = 'Accept pipeline input: True (ByPropertyName, ByValue)'; Expected = "*-Name*'True (ByPropertyName)'*" }
        @{ Drift = 'wildcard support the code lacks'; Find = "Accept pipeline input: True (ByValue)`nAccept wildcard characters: False"; Replace = "Accept pipeline input: True (ByValue)`nAccept wildcard characters: True"; Expected = '*-Id*wildcard characters: True*code says False*' }
        @{ Drift = 'a missing alias'; Find = 'Aliases: Max'; Replace = 'Aliases: '; Expected = "*-Limit*aliases ''; the code has 'Max'*" }
        @{ Drift = 'a parameter put in the wrong set'; Find = 'Parameter Sets: ById'; Replace = 'Parameter Sets: ByName'; Expected = "*-Id is in parameter set 'ById', but no yaml block*" }
        @{ Drift = 'the wrong default set'; Find = '### ByName (Default)'; Replace = '### ByName'; Expected = "*marks set 'ByName' as not the default*" }
        @{ Drift = 'a syntax line with a parameter the set lacks'; Find = 'Get-DriftProbe -Id <Int32>'; Replace = 'Get-DriftProbe -Id <Int32> [-Name <String[]>]'; Expected = "*set 'ById' has '?-Name <String??>?', which the code does not*" }
        @{ Drift = 'an example with a parameter the cmdlet lacks'; Find = "Get-DriftProbe -Name 'pro*'"; Replace = "Get-DriftProbe -Nmae 'pro*'"; Expected = "*'Get-DriftProbe' has no parameter -Nmae*" }
        @{ Drift = 'an example with a command that does not exist'; Find = "Get-DriftProbe -Name 'pro*'"; Replace = "Get-DriftProbe -Name 'pro*' | Where-Objekt Length"; Expected = "*uses 'Where-Objekt'*" }
        @{ Drift = 'an example with a module-like command the module lacks'; Find = "Get-DriftProbe -Name 'pro*'"; Replace = "Set-DriftProbe -Name 'pro*'"; Expected = "*uses 'Set-DriftProbe', which the module*does not export*" }
        @{ Drift = 'an example that does not parse'; Find = "Get-DriftProbe -Name 'pro*'"; Replace = "Get-DriftProbe -Name ('pro*'"; Expected = '*does not parse*' }
        @{ Drift = 'an example with an alias'; Find = "Get-DriftProbe -Name 'pro*'"; Replace = "Get-DriftProbe -Name 'pro*' | select -First 1"; Expected = "*alias 'select'*" }
        @{ Drift = 'a synopsis that is the syntax line'; Find = 'Gets a probe, to test the help drift checker.'; Replace = 'Get-DriftProbe [-Name] <String[]>'; Expected = '*SYNOPSIS is the syntax line*' }
        @{ Drift = 'fewer than three examples'; Find = '### Example 3: From the pipeline'; Replace = 'Still part of example 2.'; Expected = '*2 example(s); at least 3*' }
        @{ Drift = 'an output type the cmdlet does not declare'; Find = "## OUTPUTS`n`n### System.String"; Replace = "## OUTPUTS`n`n### System.Int32"; Expected = '*OUTPUTS does not name System.String*' }
    ) {
        $completePage.Contains($Find) | Should -BeTrue -Because 'the test must change something'
        $problems = Get-ProbeProblem $completePage.Replace($Find, $Replace)
        $problems | Where-Object { $_ -like $Expected } | Should -Not -BeNullOrEmpty -Because "the checker said: $($problems -join ' | ')"
    }
}
