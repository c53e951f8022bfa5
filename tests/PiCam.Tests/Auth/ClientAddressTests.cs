using System.Net;
using PiCam.Http.Auth;

namespace PiCam.Tests.Auth;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void Key_CountsIpv4ByAddressAndIpv6ByItsSlash64(string address, string expected)
    {
        Assert.Equal(expected, ClientAddress.Key(IPAddress.Parse(address)));
    }

    [Fact]
    public void Key_WithoutAnAddress_IsOneSharedKey()
    {
        Assert.Equal("unknown", ClientAddress.Key(null));
    }
}
