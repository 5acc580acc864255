; CarePoint installer for Windows (Inno Setup 6), from the one-folder bundle that
; packaging/carepoint.spec builds (packaging\dist\carepoint). Built by
; .github/workflows/windows-installer.yml, or by hand as packaging/README.md says:
;     iscc /DAppVersion=0.1.0 packaging\windows\carepoint.iss
; The version comes from carepoint/__init__.py (the workflow reads it from there).
; Uninstalling keeps the data folder unless the user ticks the box that removes it.

#ifndef AppVersion
  #error Pass the version from carepoint/__init__.py: iscc /DAppVersion=x.y.z carepoint.iss
#endif
#define Bundle AddBackslash(SourcePath) + "..\dist\carepoint"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#else
  ; Older Inno Setup releases ship the Chinese translation as an extra file (packaging/README.md).
  #define ChineseMessages AddBackslash(SourcePath) + "ChineseSimplified.isl"
#endif

[Setup]
AppId={{6A2F7C1D-4E0B-4B8A-9C35-2D8E1F0A7B64}
AppName=CarePoint
AppVersion={#AppVersion}
AppVerName=CarePoint {#AppVersion}
AppPublisher=CarePoint
DefaultDirName={autopf}\CarePoint
DefaultGroupName=CarePoint
DisableProgramGroupPage=yes
; A cadre without administrator rights can still install for himself.
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile={#SourcePath}..\icons\carepoint.ico
UninstallDisplayIcon={app}\CarePoint.exe
UninstallDisplayName=CarePoint {#AppVersion}
OutputDir={#SourcePath}..\dist
OutputBaseFilename=CarePoint-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.ShortcutName=互助养老点管理
english.ShortcutName=CarePoint
chinesesimplified.CommandLineName=CarePoint 命令行
english.CommandLineName=CarePoint command line
chinesesimplified.UninstallTitle=卸载 CarePoint
english.UninstallTitle=Uninstall CarePoint
chinesesimplified.UninstallKeeps=程序将被卸载。老人花名册、补贴、备份等数据会保留在下面的文件夹里，重新安装后可以继续使用：%n%n%1
english.UninstallKeeps=The program will be removed. The register, subsidies, backups and all other data stay in the folder below, ready for a new installation:%n%n%1
chinesesimplified.UninstallRemoveData=同时删除这些数据（无法恢复，请先把备份拷到U盘）
english.UninstallRemoveData=Also delete this data (it cannot be undone: copy a backup to a USB stick first)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:ShortcutName}"; Filename: "{app}\CarePoint.exe"
Name: "{group}\{cm:CommandLineName}"; Filename: "{cmd}"; Parameters: "/k ""{app}\carepoint-cli.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,CarePoint}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:ShortcutName}"; Filename: "{app}\CarePoint.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\CarePoint.exe"; Description: "{cm:LaunchProgram,CarePoint}"; Flags: nowait postinstall skipifsilent

[Code]
var
  RemoveData: Boolean;

{ platformdirs' user_data_dir("CarePoint", appauthor=False) on Windows, as carepoint/db.py uses it }
function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\CarePoint');
end;

function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := True;
  RemoveData := False;
  { A silent uninstall never deletes data. }
  if UninstallSilent or not DirExists(DataFolder()) then
    Exit;
  Form := CreateCustomForm(ScaleX(480), ScaleY(210), False, False);
  try
    Form.Caption := CustomMessage('UninstallTitle');
    Form.Position := poScreenCenter;
    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.AutoSize := False;
    Note.WordWrap := True;
    Note.SetBounds(ScaleX(16), ScaleY(16), ScaleX(448), ScaleY(96));
    Note.Caption := FmtMessage(CustomMessage('UninstallKeeps'), [DataFolder()]);
    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.SetBounds(ScaleX(16), ScaleY(120), ScaleX(448), ScaleY(24));
    Box.Caption := CustomMessage('UninstallRemoveData');
    Box.Checked := False;
    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.SetBounds(ScaleX(288), ScaleY(168), ScaleX(84), ScaleY(28));
    OkButton.Caption := SetupMessage(msgButtonOK);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;
    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.SetBounds(ScaleX(380), ScaleY(168), ScaleX(84), ScaleY(28));
    CancelButton.Caption := SetupMessage(msgButtonCancel);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;
    Form.ActiveControl := OkButton;
    if Form.ShowModal() = mrOk then
      RemoveData := Box.Checked
    else
      Result := False;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveData then
    DelTree(DataFolder(), True, True, True);
end;
