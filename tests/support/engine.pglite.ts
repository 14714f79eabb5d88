process.env.MOTLAN_TEST_ENGINE = 'pglite';
