# OpenPGP keys for the encryption tests: a private GNUPGHOME with real gpg keys. Passphrases are
# fed on standard input (--passphrase-fd 0), never on a command line.
Set-StrictMode -Version 3.0

function New-TestGpgHome {
    <# A private keyring holding key A (with a passphrase) and key B (without); exports their files. #>
    param([Parameter(Mandatory)] [string] $Passphrase)
    $home_ = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-gpg-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $home_ | Out-Null
    & chmod 700 $home_
    $env:GNUPGHOME = $home_
    $Passphrase | & gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 0 `
        --quick-gen-key 'Backup A <a@rostrvm.test>' default default never 2>$null
    '' | & gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 0 `
        --quick-gen-key 'Backup B <b@rostrvm.test>' default default never 2>$null
    $keys = [ordered]@{ Home = $home_; Passphrase = $Passphrase }
    foreach ($who in 'a', 'b') {
        $public = Join-Path $home_ "public-$who.asc"
        $secret = Join-Path $home_ "secret-$who.asc"
        & gpg --batch --armor --output $public --export "$who@rostrvm.test"
        $(if ($who -eq 'a') { $Passphrase } else { '' }) |
            & gpg --batch --pinentry-mode loopback --passphrase-fd 0 --armor --output $secret --export-secret-keys "$who@rostrvm.test"
        & chmod 600 $secret
        $keys["Public$($who.ToUpper())"] = $public
        $keys["Secret$($who.ToUpper())"] = $secret
    }
    [pscustomobject]$keys
}

function Invoke-GpgDecrypt {
    <# gpg --decrypt of a file into another, the passphrase on standard input; returns gpg's exit code. #>
    param([Parameter(Mandatory)] $Keys, [Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Output)
    $Keys.Passphrase | & gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 0 --yes --output $Output --decrypt $Path 2>$null
    $LASTEXITCODE
}

function Remove-TestGpgHome {
    param($Keys)
    if (-not $Keys) { return }
    # The agent this keyring started, by its home: never every gpg-agent of the machine.
    & gpgconf --homedir $Keys.Home --kill gpg-agent 2>$null
    Remove-Item $Keys.Home -Recurse -Force -ErrorAction SilentlyContinue
}

function New-TestSecret {
    <# A private key as -DecryptionKey takes it: key file and passphrase in a PSCredential. #>
    param([Parameter(Mandatory)] [string] $KeyFile, [string] $Passphrase)
    $secure = if ($Passphrase) { ConvertTo-SecureString $Passphrase -AsPlainText -Force } else { New-Object System.Security.SecureString }
    New-Object System.Management.Automation.PSCredential($KeyFile, $secure)
}

Export-ModuleMember -Function New-TestGpgHome, Invoke-GpgDecrypt, Remove-TestGpgHome, New-TestSecret
