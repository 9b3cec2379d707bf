package org.lxcauto.container.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link DomainXml}: the address an LXC domain sets inside itself, and nothing else that looks like one. */
class DomainXmlTest {

    @Test
    void firstIpv4OfAnInterface() {
        String xml = "<domain type='lxc' id='15633'><name>web</name><devices>"
                + "<interface type='ethernet'><mac address='52:54:00:ab:b6:bf'/>"
                + "<ip address='fd00::2' family='ipv6' prefix='64'/>"
                + "<ip address='10.9.9.2' family='ipv4' prefix='24'/></interface>"
                + "<interface type='bridge'><ip address='10.9.9.3' prefix='24'/></interface>"
                + "</devices></domain>";
        assertEquals(Optional.of("10.9.9.2"), DomainXml.firstInterfaceIpv4(xml));
    }

    @Test
    void familyMayBeLeftOut() {
        assertEquals(Optional.of("10.0.3.7"), DomainXml.firstInterfaceIpv4(
                "<domain><devices><interface type='bridge'><ip address='10.0.3.7' prefix='24'/></interface></devices></domain>"));
    }

    @Test
    void ipOutsideAnInterfaceIsNotTheDomainsAddress() {
        assertEquals(Optional.empty(), DomainXml.firstInterfaceIpv4("<domain><devices><hostdev mode='capabilities'"
                + " type='net'><ip address='192.0.2.1' prefix='24'/></hostdev></devices></domain>"));
    }

    @Test
    void noAddressOrBrokenXmlIsEmpty() {
        assertEquals(Optional.empty(), DomainXml.firstInterfaceIpv4("<domain><devices/></domain>"));
        assertEquals(Optional.empty(), DomainXml.firstInterfaceIpv4("<domain><devices>"));
        assertEquals(Optional.empty(), DomainXml.firstInterfaceIpv4("<domain><devices><interface><ip address='999.1.1.1'/>"
                + "</interface></devices></domain>"));
    }

    @Test
    void doctypeIsRefused() {
        assertEquals(Optional.empty(), DomainXml.firstInterfaceIpv4("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<domain><devices><interface><ip address='&x;'/></interface></devices></domain>"));
    }
}
