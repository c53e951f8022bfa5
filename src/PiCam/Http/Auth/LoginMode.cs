namespace PiCam.Http.Auth;

/// <summary>What <see cref="ViewerLogin"/> decided from the <c>VIEWER_*</c> keys.</summary>
internal enum LoginMode
{
    /// <summary>No <c>VIEWER_*</c> key is set: everyone may watch.</summary>
    Off,

    /// <summary>A user and a password (hash) are set: HTTP Basic on every endpoint but the liveness probe.</summary>
    On,

    /// <summary>The keys are set but unusable: nobody gets in until they are fixed (fail closed).</summary>
    Misconfigured,
}
