def test_home_and_network_pages(client, world):
    assert client.get("/").status_code == 200
    assert b"Alpha LINk" in client.get("/networks/alpha/").data
